using Shouldly;
using Weft.Core.Workers;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Two nodes on one PostgreSQL database: work that falls due on one (an event, a task's completion) wakes the other's claim loop.</summary>
public sealed class PostgresWorkSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(5);

    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        _a = (PostgresStore)await StoreFactory.OpenAsync(new StorageOptions { Provider = "postgres", ConnectionString = cs }, ".", Ct);
        _b = (PostgresStore)await StoreFactory.OpenAsync(new StorageOptions { Provider = "postgres", ConnectionString = cs }, ".", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Notify_OnOneNode_WakesTheOthersWait()
    {
        var onA = _a.OpenWorkSignal("node-a");
        var onB = _b.OpenWorkSignal("node-b");
        for (var i = 0; i < 100 && !(_a.DeploysHeard && _b.DeploysHeard); i++) await Task.Delay(50, Ct);
        _b.DeploysHeard.ShouldBeTrue("node B's listening connection is up");

        // The wait would last five minutes; only A's notice can end it within the test's bound.
        var waiting = onB.WaitAsync(Forever, TimeProvider.System, Ct);
        waiting.IsCompleted.ShouldBeFalse();
        onA.Notify();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task Notify_WakesItsOwnNode_WithoutTheDatabase()
    {
        var onA = _a.OpenWorkSignal("node-a");
        var waiting = onA.WaitAsync(Forever, TimeProvider.System, Ct);
        onA.Notify();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public void Sqlite_SignalIsInProcess()
    {
        using var dir = new TempDirectory();
        var store = new SqliteStore($"Data Source={Path.Combine(dir.Path, "weft.db")}");
        store.OpenWorkSignal("node").ShouldBeOfType<LocalWorkSignal>();
    }
}

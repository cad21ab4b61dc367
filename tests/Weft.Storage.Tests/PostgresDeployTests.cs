using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Two nodes on one PostgreSQL database: each keeps the latest version of a definition, and hears the other's deploys.</summary>
public sealed class PostgresDeployTests : IAsyncLifetime
{
    private const string V1 = "name: greet\nsteps:\n  - id: a\n    kind: set\n    values:\n      x: 1\n";
    private const string V2 = "name: greet\nsteps:\n  - id: a\n    kind: set\n    values:\n      x: 2\n";

    private PostgresStore _a = null!;
    private PostgresStore _b = null!;
    private string _cs = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cs = await TestPostgres.CreateDatabaseAsync();
        _a = (PostgresStore)await StoreFactory.OpenAsync(new StorageOptions { Provider = "postgres", ConnectionString = _cs }, ".", Ct);
        _b = (PostgresStore)await StoreFactory.OpenAsync(new StorageOptions { Provider = "postgres", ConnectionString = _cs }, ".", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static DefinitionService Service(IWeftStore store, TimeProvider? time = null) => new(store, new DefinitionCache(store.Definitions), time ?? TimeProvider.System);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50, Ct);
        condition().ShouldBeTrue();
    }

    [Fact]
    public async Task ADeployOnOneNode_IsTheLatestOnTheOther_WithoutAsking()
    {
        var onA = Service(_a);
        var onB = Service(_b);
        await WaitUntilAsync(() => _a.DeploysHeard && _b.DeploysHeard);
        await onA.DeployAsync("default", V1, json: false, Ct);
        (await onB.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(1);

        await onA.DeployAsync("default", V2, json: false, Ct);

        // B kept version 1; A's deploy is heard on B within moments and B answers version 2 from then on.
        var seen = 0;
        for (var i = 0; i < 100 && seen != 2; i++)
        {
            seen = (await onB.GetAsync("default", "greet", null, Ct)).Version;
            if (seen != 2) await Task.Delay(20, Ct);
        }
        seen.ShouldBe(2);
        (await onA.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task ADeployWhoseNoticeIsLost_IsSeenByTheOtherNodeWithinFiveSeconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var onB = Service(_b, time);
        await WaitUntilAsync(() => _b.DeploysHeard);
        await Service(_a).DeployAsync("default", V1, json: false, Ct);
        (await onB.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(1);
        // A version written without its notice (as behind a pooler that passes no LISTEN/NOTIFY).
        await using (var raw = new Npgsql.NpgsqlConnection(_cs))
        {
            await raw.OpenAsync(Ct);
            await using var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO definitions (id, namespace, name, version, hash, format, source, description, created_at) " +
                "SELECT 'silent', namespace, name, 2, 'silent', format, source, description, created_at FROM definitions WHERE name = 'greet'", raw);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // Five seconds after its read, B reads again (whether or not a notice made it read sooner).
        time.Advance(TimeSpan.FromSeconds(5));
        (await onB.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task WithoutTheListener_NothingIsKept_EveryStartReadsTheLatest()
    {
        // A store opened without StoreFactory (as a tool or a test would) does not listen: no caching, always exact.
        await using var plain = new PostgresStore(await TestPostgres.CreateDatabaseAsync());
        await plain.MigrateAsync(Ct);
        plain.DeploysHeard.ShouldBeFalse();
        var service = Service(plain);
        await service.DeployAsync("default", V1, json: false, Ct);
        (await service.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(1);
        await plain.SaveAsync("default", "greet", "other-hash", "yaml", V2, null, DateTimeOffset.UtcNow, Ct);

        (await service.GetAsync("default", "greet", null, Ct)).Version.ShouldBe(2);
    }
}

using Shouldly;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

public sealed class SqliteStoreTests : StoreConformance
{
    private readonly TempDirectory _dir = new();

    protected override Task<SqlStore> CreateStoreAsync()
    {
        var store = new SqliteStore($"Data Source={Path.Combine(_dir.Path, "weft.db")}");
        return Task.FromResult<SqlStore>(store);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Open_SameFileTwice_IsRefused()
    {
        var path = Path.Combine(_dir.Path, "weft.db");
        var e = Should.Throw<InvalidOperationException>(() => new SqliteStore($"Data Source={path}"));
        e.Message.ShouldContain("Another Weft server");
    }

    [Fact]
    public async Task Statistics_ForIndexesAMigrationAdded_AreGatheredAtStart_WhenTheTableHasSome()
    {
        await SeedManyRunsAsync();
        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, "weft.db")}");
        await raw.OpenAsync(Ct);
        await using var cmd = raw.CreateCommand();
        // An operator analyzed the database, then an upgrade added an index: it has no statistics yet.
        cmd.CommandText = "ANALYZE; DELETE FROM sqlite_stat1 WHERE idx = 'ix_runs_ns_status_updated'; ANALYZE sqlite_master;";
        await cmd.ExecuteNonQueryAsync(Ct);
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'ix_runs_ns_status_updated'";
        Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct)).ShouldBe(0);

        await ((SqliteStore)Store).CompleteStatisticsAsync(Ct);

        Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct)).ShouldBe(1);
    }

    [Fact]
    public void Open_InMemory_IsRefused() =>
        Should.Throw<ArgumentException>(() => new SqliteStore("Data Source=:memory:"));
}

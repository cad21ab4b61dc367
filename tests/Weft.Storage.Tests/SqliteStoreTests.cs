using Shouldly;
using Xunit;

namespace Weft.Storage.Tests;

public sealed class SqliteStoreTests : StoreConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();

    protected override Task<SqlStore> OpenSameDatabaseAsync() => SqliteInTempFolderAsync();

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqlitePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public void Open_SameFileTwice_IsRefused()
    {
        var path = SqlitePath;
        var e = Should.Throw<InvalidOperationException>(() => new SqliteStore($"Data Source={path}"));
        e.Message.ShouldContain("Another Weft server");
    }

    [Fact]
    public async Task Statistics_ForIndexesAMigrationAdded_AreGatheredAtStart_WhenTheTableHasSome()
    {
        await SeedManyRunsAsync();
        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqlitePath}");
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
    public async Task History_WrittenBeforeSchema13_IsReadWithTheBatchesInSeqOrder()
    {
        // A run that was under way at the upgrade has one-row-per-event history from before and batches after.
        var created = TestRuns.Created(T0);
        var run = created.Run;
        (await Store.Writer.WriteAsync([created], "node-a", Lease, Ct)).ShouldBe([Weft.Core.Runs.WriteOutcome.Written]);
        var first = created.Events.Count;
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqlitePath}"))
        {
            await raw.OpenAsync(Ct);
            await using var cmd = raw.CreateCommand();
            cmd.CommandText = "INSERT INTO history (run_id, seq, at, type, step, data) VALUES " +
                $"($id, {first + 1}, {T0.AddSeconds(1).ToUnixTimeMilliseconds()}, 'StepStarted', 'a', NULL), ($id, {first + 2}, {T0.AddSeconds(2).ToUnixTimeMilliseconds()}, 'Old', NULL, '{{\"n\":\"é\"}}')";
            cmd.Parameters.AddWithValue("$id", run.Id);
            await cmd.ExecuteNonQueryAsync(Ct);
        }
        Weft.Core.Runs.HistoryEvent[] later =
        [
            new(first + 3, T0.AddSeconds(3), "StepCompleted", "a", new System.Text.Json.Nodes.JsonObject { ["out"] = new System.Text.Json.Nodes.JsonArray(1, "two") }),
            new(first + 4, T0.AddSeconds(4), "RunCompleted", null, null),
        ];
        (await Store.Writer.WriteAsync([new Weft.Core.Runs.RunWrite(run, run.Version, later, [])], "node-a", Lease, Ct)).ShouldBe([Weft.Core.Runs.WriteOutcome.Written]);

        var history = await Store.Runs.HistoryAsync(run.Id, Ct);

        history.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, first + 4).Select(i => (long)i));
        history.Skip(first).Select(e => (e.Type, e.Step, e.At, Data: e.Data?.ToJsonString())).ShouldBe(
        [
            ("StepStarted", "a", T0.AddSeconds(1), null),
            ("Old", null, T0.AddSeconds(2), "{\"n\":\"\\u00E9\"}"),
            ("StepCompleted", "a", T0.AddSeconds(3), "{\"out\":[1,\"two\"]}"),
            ("RunCompleted", null, T0.AddSeconds(4), null),
        ]);
    }

    [Fact]
    public void Open_InMemory_IsRefused() =>
        Should.Throw<ArgumentException>(() => new SqliteStore("Data Source=:memory:"));
}

using Npgsql;
using Shouldly;
using Weft.Core.Runs;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

public sealed class PostgresStoreTests : StoreConformance
{
    private string _cs = "";

    protected override async Task<SqlStore> CreateStoreAsync() => new PostgresStore(_cs = await TestPostgres.CreateDatabaseAsync());

    protected override Task<SqlStore> OpenSameDatabaseAsync() => Task.FromResult<SqlStore>(new PostgresStore(_cs));

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_cs);
        await connection.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Numbers_TwoNodesStartingRunsAtOnce_GetDistinctNumbers_RisingOnEachNode()
    {
        await using var other = await OpenSameDatabaseAsync();
        await other.MigrateAsync(Ct);
        async Task<List<long>> StartAsync(SqlStore node, string name)
        {
            var numbers = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                // Groups of several starts, as the group committer sends them.
                var writes = Enumerable.Range(0, 5).Select(_ => TestRuns.Created(T0)).ToList();
                (await node.Writer.WriteAsync(writes, name, Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
                numbers.AddRange(writes.Select(w => w.Run.Number));
            }
            return numbers;
        }

        var both = await Task.WhenAll(Task.Run(() => StartAsync(Store, "node-a"), Ct), Task.Run(() => StartAsync(other, "node-b"), Ct));

        both[0].Concat(both[1]).Distinct().Count().ShouldBe(200);
        both[0].ShouldBeInOrder(SortDirection.Ascending);
        both[1].ShouldBeInOrder(SortDirection.Ascending);
        (await other.Runs.GetByNumberAsync("default", both[0][7], Ct)).ShouldNotBeNull();
    }
}

using Shouldly;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>How a group of checkpoints is sent to PostgreSQL: the inserts every run start makes merge across the group.</summary>
public sealed class PostgresBatchPlanTests
{
    [Fact]
    public async Task AGroupOfRunStarts_IsOneInsertPerTable_AndTheirWorkRowsAsTheyAre()
    {
        // Building and planning the statements never connects: no server is needed.
        await using var store = new PostgresStore("Host=127.0.0.1;Port=1;Username=none;Database=none");
        var writes = Enumerable.Range(0, 6).Select(_ => TestRuns.Created(DateTimeOffset.UnixEpoch)).ToList();
        // Numbered ahead: with no server the store cannot reserve numbers, and a write without them is built when written.
        for (var i = 0; i < writes.Count; i++) writes[i].Run.Number = i + 1;
        foreach (var w in writes) store.Prepare(w, "node-a", TimeSpan.FromSeconds(30));
        var statements = writes.SelectMany(w => ((SqlStore.BuiltWrite)w.StoreState!).Statements).ToList();

        var commands = PostgresStore.Plan(statements).Commands().Select(c => c.CommandText).ToList();

        commands.Count(c => c.Contains("unnest(", StringComparison.Ordinal)).ShouldBe(3);
        commands.ShouldContain(c => c.StartsWith("INSERT INTO runs", StringComparison.Ordinal) && c.Contains("unnest(", StringComparison.Ordinal));
        commands.ShouldContain(c => c.StartsWith("INSERT INTO history_batches", StringComparison.Ordinal) && c.Contains("unnest(", StringComparison.Ordinal));
        commands.ShouldContain(c => c.StartsWith("INSERT INTO webhook_deliveries", StringComparison.Ordinal) && c.Contains("unnest(", StringComparison.Ordinal));
        commands.Count(c => c.StartsWith("INSERT INTO work", StringComparison.Ordinal)).ShouldBe(6);
        commands.Count.ShouldBe(9);
    }
}

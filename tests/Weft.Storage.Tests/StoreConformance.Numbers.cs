using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Engine;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Weft.Core.Tasks;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Numbers beside ids (schema 14): per namespace and kind, rising, never changed, never reused.</summary>
public abstract partial class StoreConformance
{
    /// <summary>A second store on this test's database (a restart, or another node).</summary>
    protected abstract Task<SqlStore> OpenSameDatabaseAsync();

    /// <summary>Runs <paramref name="sql"/> on this test's database, outside the store.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    private async Task<SqlStore> RestartAsync()
    {
        await Store.DisposeAsync();
        Store = await OpenSameDatabaseAsync();
        await Store.MigrateAsync(Ct);
        return Store;
    }

    private async Task<RunRecord> WriteNewAsync(string ns = "default", DateTimeOffset? at = null, SqlStore? store = null)
    {
        var write = NewRun(ns, at: at);
        (await (store ?? Store).Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return write.Run;
    }

    [Fact]
    public async Task Numbers_NewRuns_RiseFromOnePerNamespace_AndFindTheirRun()
    {
        var a1 = await WriteNewAsync(at: T0);
        var a2 = await WriteNewAsync(at: T0.AddSeconds(1));
        var b1 = await WriteNewAsync("team-a", at: T0.AddSeconds(2));
        var a3 = await WriteNewAsync(at: T0.AddSeconds(3));

        (a1.Number, a2.Number, a3.Number, b1.Number).ShouldBe((1L, 2L, 3L, 1L));
        (await Store.Runs.GetAsync(a2.Id, Ct))!.Number.ShouldBe(2);
        (await Store.Runs.GetByNumberAsync("default", 2, Ct))!.Id.ShouldBe(a2.Id);
        (await Store.Runs.GetByNumberAsync("team-a", 1, Ct))!.Id.ShouldBe(b1.Id);
        (await Store.Runs.GetByNumberAsync("team-a", 2, Ct)).ShouldBeNull();
        (await Store.Runs.ListAsync(new Weft.Core.Storage.RunQuery("default"), Ct)).Runs.Select(r => r.Number).ShouldBe([3L, 2L, 1L]);
    }

    [Fact]
    public async Task Numbers_Checkpoints_KeepTheRunsNumber()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        var run = write.Run;
        run.Status = RunStatus.Running;
        (await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], [])], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Store.Runs.GetAsync(run.Id, Ct))!.Number.ShouldBe(1);
    }

    [Fact]
    public async Task Numbers_AfterRestart_AreKept_AndADeletedRowsNumberIsNotGivenAgain()
    {
        var first = await WriteNewAsync();
        var second = await WriteNewAsync();
        await ExecuteRawAsync($"DELETE FROM runs WHERE id = '{second.Id}'");

        await RestartAsync();

        (await Store.Runs.GetByNumberAsync("default", 1, Ct))!.Id.ShouldBe(first.Id);
        var third = await WriteNewAsync();
        third.Number.ShouldBeGreaterThan(second.Number);
        (await Store.Runs.GetByNumberAsync("default", third.Number, Ct))!.Id.ShouldBe(third.Id);
    }

    [Fact]
    public async Task Numbers_ConcurrentStartsFromSeveralTasks_AreDistinct()
    {
        const int tasks = 8, each = 25;
        var written = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var runs = new List<RunRecord>();
            for (var i = 0; i < each; i++)
            {
                var write = NewRun();
                // Half the writes are built ahead, as the group committer does, half when written.
                if (i % 2 == 0) Store.Writer.Prepare(write, "node-a", Lease);
                (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
                runs.Add(write.Run);
            }
            return runs;
        }, Ct)));

        var numbers = written.SelectMany(r => r).Select(r => r.Number).ToList();
        numbers.Distinct().Count().ShouldBe(tasks * each);
        numbers.ShouldAllBe(n => n > 0);
        foreach (var own in written) own.Select(r => r.Number).ShouldBeInOrder(SortDirection.Ascending);
        var page = await Store.Runs.ListAsync(new Weft.Core.Storage.RunQuery("default", Limit: 500), Ct);
        page.Runs.Select(r => r.Number).Order().ShouldBe(numbers.Order());
    }

    [Fact]
    public async Task Numbers_AGroupOfStarts_GetsDistinctRisingNumbers()
    {
        var writes = Enumerable.Range(0, 40).Select(i => NewRun(i % 4 == 3 ? "team-a" : "default", at: T0.AddMilliseconds(i))).ToList();
        (await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
        writes.Where(w => w.Run.Namespace == "default").Select(w => w.Run.Number).ShouldBe(Enumerable.Range(1, 30).Select(n => (long)n));
        writes.Where(w => w.Run.Namespace == "team-a").Select(w => w.Run.Number).ShouldBe(Enumerable.Range(1, 10).Select(n => (long)n));
    }

    [Fact]
    public async Task Numbers_DefinitionVersionsTasksAndItems_AreCountedEachOnTheirOwn()
    {
        await Store.Namespaces.CreateAsync("team-a", T0, Ct);
        var (v1, _) = await Store.Definitions.SaveAsync("default", "flow", "h1", "yaml", "s1", null, T0, Ct);
        var (same, _) = await Store.Definitions.SaveAsync("default", "flow", "h1", "yaml", "s1", null, T0, Ct);
        var (other, _) = await Store.Definitions.SaveAsync("default", "other", "h3", "yaml", "s3", null, T0, Ct);
        var (v2, _) = await Store.Definitions.SaveAsync("default", "flow", "h2", "yaml", "s2", null, T0, Ct);
        var (elsewhere, _) = await Store.Definitions.SaveAsync("team-a", "flow", "h1", "yaml", "s1", null, T0, Ct);
        (v1.Number, same.Number, other.Number, v2.Number, elsewhere.Number).ShouldBe((1L, 1L, 2L, 3L, 1L));
        (await Store.Definitions.GetByNumberAsync("default", 3, Ct))!.Id.ShouldBe(v2.Id);
        (await Store.Definitions.GetByIdAsync(v2.Id, Ct))!.Number.ShouldBe(3);
        (await Store.Definitions.ListAsync("default", Ct)).Select(d => d.Number).ShouldBe([3L, 2L]);

        var run = NewRun().Run;
        run.State.HoldsOutside = true;
        var task = new TaskRecord { Id = Guid.NewGuid().ToString(), Namespace = "default", RunId = run.Id, Step = "a", Attempt = 1, Title = "Approve", CreatedAt = T0 };
        var item = new IntegrationItemCreated(Guid.NewGuid().ToString(), "q", "a", 1, []);
        var write = WorkflowEngine.Create(run, Weft.Core.Dsl.DefinitionParser.Parse("name: d\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false), T0, null)
            with { Effects = [new TaskCreated(task), item] };
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var free = new TaskRecord { Id = Guid.NewGuid().ToString(), Namespace = "default", Title = "Call back", CreatedAt = T0 };
        await Store.Tasks.CreateAsync(free, [], Ct);

        (run.Number, task.Number, item.Number, free.Number).ShouldBe((1L, 1L, 1L, 2L));
        (await Store.Tasks.GetByNumberAsync("default", 2, Ct))!.Id.ShouldBe(free.Id);
        (await Store.Tasks.GetAsync(task.Id, Ct))!.Number.ShouldBe(1);
        (await Store.Integration.GetByNumberAsync("default", 1, Ct))!.Id.ShouldBe(item.Id);
        (await Store.Integration.GetAsync("default", item.Id, Ct))!.Number.ShouldBe(1);
        (await Store.Integration.GetByNumberAsync("team-a", 1, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Migrate_DatabaseFromBeforeNumbers_NumbersItsRowsInCreationOrder_AndGoesOn()
    {
        // Rows as a schema 13 database holds them: written, then the numbers taken away again.
        var late = await WriteNewAsync(at: T0.AddSeconds(2));
        var early = await WriteNewAsync(at: T0);
        var middle = await WriteNewAsync(at: T0.AddSeconds(1));
        var other = await WriteNewAsync("team-a", at: T0);
        var (flow, _) = await Store.Definitions.SaveAsync("default", "flow", "h1", "yaml", "s1", null, T0, Ct);
        var free = new TaskRecord { Id = Guid.NewGuid().ToString(), Namespace = "default", Title = "Call back", CreatedAt = T0 };
        await Store.Tasks.CreateAsync(free, [], Ct);
        await Store.DisposeAsync();
        var drop = string.Concat(new[] { "runs", "definitions", "tasks", "integration_items" }.Select(t => $"DROP INDEX ix_{t}_ns_number; ALTER TABLE {t} DROP COLUMN number; "));
        await ExecuteRawAsync(drop + "DROP TABLE weft_numbers; DELETE FROM weft_schema WHERE version = 14;");
        Store = await OpenSameDatabaseAsync();

        await Store.MigrateAsync(Ct);

        (await Store.Runs.GetAsync(early.Id, Ct))!.Number.ShouldBe(1);
        (await Store.Runs.GetAsync(middle.Id, Ct))!.Number.ShouldBe(2);
        (await Store.Runs.GetAsync(late.Id, Ct))!.Number.ShouldBe(3);
        (await Store.Runs.GetAsync(other.Id, Ct))!.Number.ShouldBe(1);
        (await Store.Definitions.GetByIdAsync(flow.Id, Ct))!.Number.ShouldBe(1);
        (await Store.Tasks.GetAsync(free.Id, Ct))!.Number.ShouldBe(1);
        var next = await WriteNewAsync();
        next.Number.ShouldBe(4);
        (await Store.Runs.GetByNumberAsync("default", 4, Ct))!.Id.ShouldBe(next.Id);
        (await Store.Definitions.SaveAsync("default", "flow", "h2", "yaml", "s2", null, T0, Ct)).Definition.Number.ShouldBe(2);
    }
}

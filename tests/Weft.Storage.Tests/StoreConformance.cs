using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>
/// The behaviour every store must have, written once and run against SQLite and PostgreSQL.
/// Each test gets a fresh database.
/// </summary>
public abstract partial class StoreConformance : StoreFixture
{
    private static RunWrite NewRun(string ns = "default", string definition = "d", DateTimeOffset? at = null, string? id = null)
    {
        var model = DefinitionParser.Parse("name: " + definition + "\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var now = at ?? T0;
        var run = new RunRecord
        {
            Id = id ?? Guid.CreateVersion7(now).ToString(),
            Namespace = ns,
            DefinitionId = "def-1",
            DefinitionName = definition,
            DefinitionVersion = 1,
            Input = new JsonObject { ["x"] = 1 },
            CreatedAt = now,
            UpdatedAt = now,
        };
        return WorkflowEngine.Create(run, model, now, "tester");
    }

    [Fact]
    public async Task Migrate_RunTwice_LeavesSchemaUsable()
    {
        await Store.MigrateAsync(Ct);
        (await Store.Namespaces.ExistsAsync("default", Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Namespaces_Create_IsIdempotent()
    {
        (await Store.Namespaces.CreateAsync("team-a", T0, Ct)).ShouldBeTrue();
        (await Store.Namespaces.CreateAsync("team-a", T0, Ct)).ShouldBeFalse();
        (await Store.Namespaces.ListAsync(Ct)).ShouldBe(["default", "team-a"]);
        (await Store.Namespaces.ExistsAsync("nope", Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveDefinition_SameHashReturnsStoredVersion_ChangedHashMakesNext()
    {
        var (v1, created1) = await Store.Definitions.SaveAsync("default", "flow", "h1", "yaml", "src1", null, T0, Ct);
        var (again, created2) = await Store.Definitions.SaveAsync("default", "flow", "h1", "yaml", "src1", null, T0, Ct);
        var (v2, created3) = await Store.Definitions.SaveAsync("default", "flow", "h2", "yaml", "src2", "second", T0, Ct);
        (created1, created2, created3).ShouldBe((true, false, true));
        again.Id.ShouldBe(v1.Id);
        v1.Version.ShouldBe(1);
        v2.Version.ShouldBe(2);
        (await Store.Definitions.GetAsync("default", "flow", null, Ct))!.Version.ShouldBe(2);
        (await Store.Definitions.GetAsync("default", "flow", 1, Ct))!.Source.ShouldBe("src1");
        (await Store.Definitions.GetAsync("default", "flow", 3, Ct)).ShouldBeNull();
        (await Store.Definitions.GetByIdAsync(v2.Id, Ct))!.Description.ShouldBe("second");
        (await Store.Definitions.ListAsync("default", Ct)).Select(d => (d.Name, d.Version)).ShouldBe([("flow", 2)]);
        (await Store.Definitions.ListVersionsAsync("default", "flow", Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Write_NewRun_StoresRunHistoryAndClaimedWork()
    {
        var write = NewRun();
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var run = await Store.Runs.GetAsync(write.Run.Id, Ct);
        run.ShouldNotBeNull();
        run.Status.ShouldBe(RunStatus.Queued);
        run.Version.ShouldBe(1);
        run.Input["x"]!.GetValue<int>().ShouldBe(1);
        (await Store.Runs.HistoryAsync(run.Id, Ct)).Select(e => e.Type).ShouldBe(["RunCreated"]);
        // The first work row belongs to the writing node until its lease ends.
        (await Store.Work.ClaimAsync("node-b", 10, Lease, T0, Ct)).ShouldBeEmpty();
        var later = await Store.Work.ClaimAsync("node-b", 10, Lease, T0 + Lease + TimeSpan.FromSeconds(1), Ct);
        later.Count.ShouldBe(1);
        later[0].Token.ShouldBe(2);
    }

    [Fact]
    public async Task Claim_DueRow_GoesToOneClaimantOnly()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        await Store.Work.ReleaseNodeAsync("node-a", T0, Ct);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.Work.ClaimAsync("node-" + i, 10, Lease, T0, Ct)));
        claims.Sum(c => c.Count).ShouldBe(1);
    }

    [Fact]
    public async Task Checkpoint_WithStaleToken_IsConflictAndWritesNothing()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        await Store.Work.ReleaseNodeAsync("node-a", T0, Ct);
        var first = (await Store.Work.ClaimAsync("node-a", 1, Lease, T0, Ct)).Single();
        // node-a's lease lapses and node-b takes the row: node-a's checkpoint must be refused.
        var second = (await Store.Work.ClaimAsync("node-b", 1, Lease, T0 + Lease + TimeSpan.FromSeconds(1), Ct)).Single();
        second.Token.ShouldBeGreaterThan(first.Token);
        var run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        run.Status = RunStatus.Running;
        var stale = new RunWrite(run, run.Version, [new HistoryEvent(run.State.NextSeq, T0, "RunStarted", null, null)], [], first);
        (await Store.Writer.WriteAsync([stale], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Conflict]);
        (await Store.Runs.GetAsync(run.Id, Ct))!.Status.ShouldBe(RunStatus.Queued);
        (await Store.Runs.HistoryAsync(run.Id, Ct)).Count.ShouldBe(1);
        var current = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        current.Status = RunStatus.Running;
        var fresh = new RunWrite(current, current.Version, [new HistoryEvent(current.State.NextSeq, T0, "RunStarted", null, null)], [], second);
        (await Store.Writer.WriteAsync([fresh], "node-b", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Store.Runs.GetAsync(run.Id, Ct))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task WriteBatch_OneStaleVersion_OthersStillWritten()
    {
        var a = NewRun();
        var b = NewRun();
        await Store.Writer.WriteAsync([a, b], "node-a", Lease, Ct);
        var ra = (await Store.Runs.GetAsync(a.Run.Id, Ct))!;
        var rb = (await Store.Runs.GetAsync(b.Run.Id, Ct))!;
        ra.Status = RunStatus.Completed;
        rb.Status = RunStatus.Completed;
        var outcomes = await Store.Writer.WriteAsync(
            [new RunWrite(ra, ra.Version, [], []), new RunWrite(rb, rb.Version + 7, [], [])], "node-a", Lease, Ct);
        outcomes.ShouldBe([WriteOutcome.Written, WriteOutcome.Conflict]);
        (await Store.Runs.GetAsync(a.Run.Id, Ct))!.Status.ShouldBe(RunStatus.Completed);
        (await Store.Runs.GetAsync(b.Run.Id, Ct))!.Status.ShouldBe(RunStatus.Queued);
    }

    [Fact]
    public async Task WriteBatch_DuplicateHistory_OnlyThatWriteRefused()
    {
        var a = NewRun();
        var b = NewRun();
        await Store.Writer.WriteAsync([a, b], "node-a", Lease, Ct);
        var ra = (await Store.Runs.GetAsync(a.Run.Id, Ct))!;
        var rb = (await Store.Runs.GetAsync(b.Run.Id, Ct))!;
        var dup = new RunWrite(rb, rb.Version, [new HistoryEvent(1, T0, "Again", null, null)], []);
        var ok = new RunWrite(ra, ra.Version, [new HistoryEvent(2, T0, "Next", null, null)], []);
        (await Store.Writer.WriteAsync([ok, dup], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written, WriteOutcome.Conflict]);
        (await Store.Runs.HistoryAsync(ra.Id, Ct)).Select(e => e.Type).ShouldBe(["RunCreated", "Next"]);
        (await Store.Runs.HistoryAsync(rb.Id, Ct)).Select(e => e.Type).ShouldBe(["RunCreated"]);
    }

    [Fact]
    public async Task ClearWork_RemovesEveryRowOfTheRun()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        var run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        run.Status = RunStatus.Terminated;
        await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], [], null, ClearWork: true)], "node-a", Lease, Ct);
        (await Store.Work.ClaimAsync("node-a", 10, Lease, T0 + TimeSpan.FromDays(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReleaseNode_MakesItsRowsDueNow()
    {
        await Store.Writer.WriteAsync([NewRun(), NewRun()], "node-a", Lease, Ct);
        (await Store.Work.ReleaseNodeAsync("node-a", T0, Ct)).ShouldBe(2);
        (await Store.Work.ClaimAsync("node-b", 10, Lease, T0, Ct)).Count.ShouldBe(2);
        (await Store.Work.NextDueAsync(Ct)).ShouldBe(T0 + Lease);
    }

    [Fact]
    public async Task ListRuns_FiltersSortsAndPagesWithCursor()
    {
        var writes = Enumerable.Range(0, 7).Select(i => NewRun(definition: i % 2 == 0 ? "even" : "odd", at: T0.AddMinutes(i))).ToList();
        await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct);
        var all = new List<string>();
        RunCursor? cursor = null;
        do
        {
            var page = await Store.Runs.ListAsync(new RunQuery("default", Limit: 3, After: cursor), Ct);
            all.AddRange(page.Runs.Select(r => r.Id));
            cursor = page.Next;
        }
        while (cursor is not null);
        all.ShouldBe(writes.Select(w => w.Run.Id).Reverse().ToList());
        var even = await Store.Runs.ListAsync(new RunQuery("default", Definition: "even", Descending: false), Ct);
        even.Runs.Select(r => r.Id).ShouldBe(writes.Where((_, i) => i % 2 == 0).Select(w => w.Run.Id).ToList());
        var window = await Store.Runs.ListAsync(new RunQuery("default", CreatedFrom: T0.AddMinutes(2), CreatedTo: T0.AddMinutes(4)), Ct);
        window.Runs.Count.ShouldBe(2);
        (await Store.Runs.ListAsync(new RunQuery("default", Statuses: [RunStatus.Completed]), Ct)).Runs.ShouldBeEmpty();
        (await Store.Runs.ListAsync(new RunQuery("default", Statuses: [RunStatus.Queued]), Ct)).Runs.Count.ShouldBe(7);
        (await Store.Runs.ListAsync(new RunQuery("other"), Ct)).Runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExtendAndRelease_RespectTheToken()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        await Store.Work.ReleaseNodeAsync("node-a", T0, Ct);
        var item = (await Store.Work.ClaimAsync("node-a", 1, Lease, T0, Ct)).Single();
        (await Store.Work.ExtendAsync(item, T0 + TimeSpan.FromMinutes(10), Ct)).ShouldBeTrue();
        (await Store.Work.ClaimAsync("node-b", 1, Lease, T0 + TimeSpan.FromMinutes(5), Ct)).ShouldBeEmpty();
        (await Store.Work.ReleaseAsync(item with { Token = item.Token + 1 }, T0, Ct)).ShouldBeFalse();
        (await Store.Work.ReleaseAsync(item, T0, Ct)).ShouldBeTrue();
        (await Store.Work.ClaimAsync("node-b", 1, Lease, T0, Ct)).Count.ShouldBe(1);
    }
}

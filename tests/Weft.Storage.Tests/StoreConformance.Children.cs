using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Child runs: the parent link, the signal a child's end writes for its parent, and cancelling children.</summary>
public abstract partial class StoreConformance
{
    private static RunWrite NewChild(string parentId, string step = "call", int attempt = 1, string? id = null)
    {
        var model = DefinitionParser.Parse("name: child\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var run = new RunRecord
        {
            Id = id ?? Guid.CreateVersion7(T0).ToString(),
            Namespace = "default",
            DefinitionId = "def-child",
            DefinitionName = "child",
            DefinitionVersion = 1,
            Input = [],
            CreatedAt = T0,
            UpdatedAt = T0,
            ParentRunId = parentId,
            ParentStep = step,
            ParentAttempt = attempt,
        };
        return WorkflowEngine.Create(run, model, T0, "run " + parentId);
    }

    [Fact]
    public async Task ChildRun_ParentLink_IsStoredAndFiltersTheListing()
    {
        var parent = NewRun();
        var other = NewRun();
        var child = NewChild(parent.Run.Id, "scope[1]/call", 3);
        await Store.Writer.WriteAsync([parent, other, child, NewChild(other.Run.Id)], "node-a", Lease, Ct);

        var stored = (await Store.Runs.GetAsync(child.Run.Id, Ct))!;
        (stored.ParentRunId, stored.ParentStep, stored.ParentAttempt).ShouldBe((parent.Run.Id, "scope[1]/call", (int?)3));
        var top = (await Store.Runs.GetAsync(parent.Run.Id, Ct))!;
        (top.ParentRunId, top.ParentStep, top.ParentAttempt).ShouldBe((null, null, (int?)null));

        var page = await Store.Runs.ListAsync(new RunQuery("default", ParentRunId: parent.Run.Id), Ct);
        page.Runs.Select(r => r.Id).ShouldBe([child.Run.Id]);
        (await Store.Runs.ListAsync(new RunQuery("default", ParentRunId: "no-such-run"), Ct)).Runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task ChildEnds_WritesADueSignalForTheParentsStep()
    {
        var parent = NewRun();
        var child = NewChild(parent.Run.Id, "call", 2);
        await Store.Writer.WriteAsync([parent, child], "node-a", Lease, Ct);
        var run = (await Store.Runs.GetAsync(child.Run.Id, Ct))!;
        var end = WorkflowEngine.Terminate(run, T0.AddSeconds(5), "stop", "tester");
        (await Store.Writer.WriteAsync([end], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);

        var due = await Store.Work.ClaimAsync("node-b", 10, Lease, T0.AddSeconds(5), Ct);
        var signal = due.Single();
        (signal.RunId, signal.Kind, signal.Step, signal.Attempt).ShouldBe((parent.Run.Id, WorkKind.Signal, "call", 2));
        signal.Payload!["childId"]!.GetValue<string>().ShouldBe(child.Run.Id);
        signal.Payload["status"]!.GetValue<string>().ShouldBe("terminated");
        signal.Payload["error"]!.GetValue<string>().ShouldBe("terminated: stop");
    }

    [Fact]
    public async Task ParentEnds_CancelsItsUnfinishedChildrenOnly()
    {
        var parent = NewRun();
        var waiting = NewChild(parent.Run.Id);
        var done = NewChild(parent.Run.Id);
        var stranger = NewChild(NewRun().Run.Id);
        await Store.Writer.WriteAsync([parent, waiting, done, stranger], "node-a", Lease, Ct);
        var finished = (await Store.Runs.GetAsync(done.Run.Id, Ct))!;
        finished.Status = RunStatus.Completed;
        await Store.Writer.WriteAsync([new RunWrite(finished, finished.Version, [], [], null, ClearWork: true)], "node-a", Lease, Ct);

        var p = (await Store.Runs.GetAsync(parent.Run.Id, Ct))!;
        p.State.HoldsOutside = true; // the engine marks a run when its subworkflow step starts a child
        var end = WorkflowEngine.Terminate(p, T0.AddSeconds(1), null, "tester");
        (await Store.Writer.WriteAsync([end], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);

        var due = await Store.Work.ClaimAsync("node-b", 10, Lease, T0.AddSeconds(1), Ct);
        var cancel = due.Single();
        (cancel.RunId, cancel.Kind).ShouldBe((waiting.Run.Id, WorkKind.Cancel));
        cancel.Payload!["reason"]!.GetValue<string>().ShouldBe($"parent run {parent.Run.Id} ended");
    }

    [Fact]
    public async Task StartChildTwice_SameId_SecondIsRefusedAndLeavesItsRow()
    {
        var parent = NewRun();
        await Store.Writer.WriteAsync([parent], "node-a", Lease, Ct);
        var start = (await Store.Work.ClaimAsync("node-b", 1, Lease, T0 + Lease + TimeSpan.FromSeconds(1), Ct)).Single();
        var id = WorkflowEngine.ChildRunId(parent.Run.Id, "call", 1);
        (await Store.Writer.WriteAsync([NewChild(parent.Run.Id, id: id)], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var again = NewChild(parent.Run.Id, id: id) with { Finished = start };
        (await Store.Writer.WriteAsync([again], "node-b", Lease, Ct)).ShouldBe([WriteOutcome.Conflict]);
        (await Store.Runs.ListAsync(new RunQuery("default", ParentRunId: parent.Run.Id), Ct)).Runs.Count.ShouldBe(1);
        // The refused write deleted nothing: the row is still held by its claimant.
        (await Store.Work.ExtendAsync(start, T0 + TimeSpan.FromHours(1), Ct)).ShouldBeTrue();
    }
}

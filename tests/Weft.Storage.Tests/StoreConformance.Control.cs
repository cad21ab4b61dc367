using Shouldly;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Pause and resume: a parked work row is never claimed until the run is resumed, then it is due at once.</summary>
public abstract partial class StoreConformance
{
    [Fact]
    public async Task ParkedWork_IsNotClaimed_UntilResumeMakesItDue()
    {
        var write = NewRun();
        await Store.Writer.WriteAsync([write], "node-a", Lease, Ct);
        var run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        (await Store.Writer.WriteAsync([WorkflowEngine.Pause(run, T0, null, "alice")], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);

        run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        var parked = new NewWork(Guid.CreateVersion7(T0).ToString(), WorkKind.Timer, "a", 1, WorkUnparked.Parked, null, Claimed: false);
        (await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], [parked])], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Store.Work.ClaimAsync("node-b", 10, Lease, T0.AddSeconds(1), Ct)).ShouldBeEmpty();

        run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        run.Status.ShouldBe(RunStatus.Paused);
        var resume = WorkflowEngine.Resume(run, T0.AddSeconds(2), null, "bob");
        (await Store.Writer.WriteAsync([resume], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);

        var claimed = (await Store.Work.ClaimAsync("node-b", 10, Lease, T0.AddSeconds(2), Ct)).ShouldHaveSingleItem();
        (claimed.Id, claimed.Kind, claimed.Step).ShouldBe((parked.Id, WorkKind.Timer, "a"));
        (await Store.Runs.GetAsync(write.Run.Id, Ct))!.Status.ShouldBe(RunStatus.Queued);
        (await Store.Runs.HistoryAsync(write.Run.Id, Ct)).Select(e => e.Type).ShouldBe(["RunCreated", "RunPaused", "RunResumed"]);
    }
}

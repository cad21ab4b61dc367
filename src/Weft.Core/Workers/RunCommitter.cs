using Weft.Core.Runs;

namespace Weft.Core.Workers;

/// <summary>
/// The commit gateway: group-commits a write, queues the work it claimed for this node, tells the run-ended feed,
/// and wakes the claim loops when a child's end was stored as a due signal for its parent.
/// </summary>
public sealed class RunCommitter(CheckpointCommitter committer, ReadyQueue ready, RunEndedFeed ended, IWorkSignal signal) : IRunCommitter
{
    public async Task<WriteOutcome> CommitAsync(RunWrite write)
    {
        var outcome = await committer.CommitAsync(write);
        if (outcome != WriteOutcome.Written) return outcome;
        ready.Dispatch(write);
        if (write.Run.Status.IsFinal()) ended.Raise(write.Run);
        if (write.Effects.Any(e => e is NotifyParent)) signal.Notify();
        return outcome;
    }
}

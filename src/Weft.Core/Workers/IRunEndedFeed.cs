using Weft.Core.Runs;

namespace Weft.Core.Workers;

/// <summary>Tells who listens (a long-polled result, a front door's own feed) that a run ended on this node, after its checkpoint is committed, never before.</summary>
public interface IRunEndedFeed
{
    event Action<RunRecord>? RunEnded;
}

/// <summary>The node's run-ended feed, raised by <see cref="RunCommitter"/>.</summary>
public sealed class RunEndedFeed : IRunEndedFeed
{
    public event Action<RunRecord>? RunEnded;

    internal void Raise(RunRecord run) => RunEnded?.Invoke(run);
}

using Weft.Core.Runs;

namespace Weft.Core.Workers;

/// <summary>
/// Writes a run's checkpoint: what every service that changes a run calls. The write is group-committed with the
/// others in flight; once it is stored, the work it made for this node runs at once and a run it ended is told to
/// <see cref="IRunEndedFeed"/>.
/// </summary>
public interface IRunCommitter
{
    Task<WriteOutcome> CommitAsync(RunWrite write);
}

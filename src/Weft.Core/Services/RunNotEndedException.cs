using Weft.Core.Runs;

namespace Weft.Core.Services;

/// <summary>A run's result was asked for before the run ended (409); carries where it stands.</summary>
public sealed class RunNotEndedException(string runId, RunStatus status)
    : Exception($"Run '{runId}' has not ended; it is {status.ToName()}.")
{
    public RunStatus Status { get; } = status;
}

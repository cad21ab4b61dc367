namespace Weft.Core.Runs;

/// <summary>The statuses of a step's execution (<see cref="StepState.Status"/>) and of a block (<see cref="ScopeState.Status"/>), as they go on the wire.</summary>
public static class StepStatuses
{
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Retrying = "retrying";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Running, Waiting, Retrying, Completed, Failed, Cancelled];
}

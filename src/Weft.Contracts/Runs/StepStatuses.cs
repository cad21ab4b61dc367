namespace Weft.Contracts.Runs;

/// <summary>The values of a step's <c>status</c> on the wire.</summary>
public static class StepStatuses
{
    /// <summary>Started and not ended.</summary>
    public const string Running = "running";

    /// <summary>Waiting for a timer, an HTTP answer, an event, a task, a child run or an external worker.</summary>
    public const string Waiting = "waiting";

    /// <summary>Failed and waiting for its next attempt.</summary>
    public const string Retrying = "retrying";

    /// <summary>Ended with its output.</summary>
    public const string Completed = "completed";

    /// <summary>Ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Ended because its branch, loop or run was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every step status.</summary>
    public static IReadOnlyList<string> All { get; } = [Running, Waiting, Retrying, Completed, Failed, Cancelled];
}

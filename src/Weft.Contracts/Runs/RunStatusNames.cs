namespace Weft.Contracts.Runs;

/// <summary>The values of a run's <c>status</c> on the wire.</summary>
public static class RunStatusNames
{
    /// <summary>Created, waiting for a worker to take its first step.</summary>
    public const string Queued = "queued";

    /// <summary>Taking steps.</summary>
    public const string Running = "running";

    /// <summary>Waiting for a timer, an event, a task, a child run or an external worker.</summary>
    public const string Waiting = "waiting";

    /// <summary>Paused by an operator.</summary>
    public const string Paused = "paused";

    /// <summary>Ended with its output.</summary>
    public const string Completed = "completed";

    /// <summary>Ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Ended by an operator.</summary>
    public const string Terminated = "terminated";

    /// <summary>Ended by its timeout.</summary>
    public const string TimedOut = "timedOut";

    /// <summary>Every status, in the order the server lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Queued, Running, Waiting, Paused, Completed, Failed, Terminated, TimedOut];
}

namespace Weft.Core.Webhooks;

/// <summary>The events a webhook subscription may ask for.</summary>
public static class WebhookEvents
{
    public const string RunStarted = "run.started";
    public const string RunCompleted = "run.completed";
    public const string RunFailed = "run.failed";
    public const string RunTerminated = "run.terminated";
    public const string RunTimedOut = "run.timedOut";
    public const string TaskCreated = "task.created";
    public const string IntegrationCreated = "integration.created";

    public static IReadOnlyList<string> All { get; } = [RunStarted, RunCompleted, RunFailed, RunTerminated, RunTimedOut, TaskCreated, IntegrationCreated];

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/> (names are case-sensitive).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}

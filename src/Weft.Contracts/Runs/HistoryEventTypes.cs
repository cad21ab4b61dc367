namespace Weft.Contracts.Runs;

/// <summary>The values of a history event's <c>type</c> on the wire.</summary>
public static class HistoryEventTypes
{
    /// <summary>Run created.</summary>
    public const string RunCreated = "RunCreated";

    /// <summary>Run started.</summary>
    public const string RunStarted = "RunStarted";

    /// <summary>Run completed.</summary>
    public const string RunCompleted = "RunCompleted";

    /// <summary>Run failed.</summary>
    public const string RunFailed = "RunFailed";

    /// <summary>Run timed out.</summary>
    public const string RunTimedOut = "RunTimedOut";

    /// <summary>Run terminated.</summary>
    public const string RunTerminated = "RunTerminated";

    /// <summary>Run paused.</summary>
    public const string RunPaused = "RunPaused";

    /// <summary>Run resumed.</summary>
    public const string RunResumed = "RunResumed";

    /// <summary>Run retried.</summary>
    public const string RunRetried = "RunRetried";

    /// <summary>Run resumed with errors.</summary>
    public const string RunResumedWithErrors = "RunResumedWithErrors";

    /// <summary>Run rerun.</summary>
    public const string RunRerun = "RunRerun";

    /// <summary>Run timeout alert.</summary>
    public const string RunTimeoutAlert = "RunTimeoutAlert";

    /// <summary>Step started.</summary>
    public const string StepStarted = "StepStarted";

    /// <summary>Step completed.</summary>
    public const string StepCompleted = "StepCompleted";

    /// <summary>Step failed.</summary>
    public const string StepFailed = "StepFailed";

    /// <summary>Step cancelled.</summary>
    public const string StepCancelled = "StepCancelled";

    /// <summary>Step error ignored.</summary>
    public const string StepErrorIgnored = "StepErrorIgnored";

    /// <summary>Step retry scheduled.</summary>
    public const string StepRetryScheduled = "StepRetryScheduled";

    /// <summary>Branch started.</summary>
    public const string BranchStarted = "BranchStarted";

    /// <summary>Iteration started.</summary>
    public const string IterationStarted = "IterationStarted";

    /// <summary>Compensation started.</summary>
    public const string CompensationStarted = "CompensationStarted";

    /// <summary>Scope completed.</summary>
    public const string ScopeCompleted = "ScopeCompleted";

    /// <summary>Scope failed.</summary>
    public const string ScopeFailed = "ScopeFailed";

    /// <summary>Scope reopened.</summary>
    public const string ScopeReopened = "ScopeReopened";

    /// <summary>Compensation required.</summary>
    public const string CompensationRequired = "CompensationRequired";

    /// <summary>Timer scheduled.</summary>
    public const string TimerScheduled = "TimerScheduled";

    /// <summary>Timer fired.</summary>
    public const string TimerFired = "TimerFired";

    /// <summary>Http requested.</summary>
    public const string HttpRequested = "HttpRequested";

    /// <summary>Event waiting.</summary>
    public const string EventWaiting = "EventWaiting";

    /// <summary>Event received.</summary>
    public const string EventReceived = "EventReceived";

    /// <summary>Child run requested.</summary>
    public const string ChildRunRequested = "ChildRunRequested";

    /// <summary>Child run ended.</summary>
    public const string ChildRunEnded = "ChildRunEnded";

    /// <summary>Child run timed out.</summary>
    public const string ChildRunTimedOut = "ChildRunTimedOut";

    /// <summary>Task created.</summary>
    public const string TaskCreated = "TaskCreated";

    /// <summary>Task completed.</summary>
    public const string TaskCompleted = "TaskCompleted";

    /// <summary>Task escalated.</summary>
    public const string TaskEscalated = "TaskEscalated";

    /// <summary>Task overdue.</summary>
    public const string TaskOverdue = "TaskOverdue";

    /// <summary>Integration item created.</summary>
    public const string IntegrationItemCreated = "IntegrationItemCreated";

    /// <summary>Integration item completed.</summary>
    public const string IntegrationItemCompleted = "IntegrationItemCompleted";

    /// <summary>Integration item failed.</summary>
    public const string IntegrationItemFailed = "IntegrationItemFailed";

    /// <summary>Every event type.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RunCreated, RunStarted, RunCompleted, RunFailed, RunTimedOut, RunTerminated, RunPaused, RunResumed, RunRetried,
        RunResumedWithErrors, RunRerun, RunTimeoutAlert, StepStarted, StepCompleted, StepFailed, StepCancelled, StepErrorIgnored,
        StepRetryScheduled, BranchStarted, IterationStarted, CompensationStarted, ScopeCompleted, ScopeFailed, ScopeReopened,
        CompensationRequired, TimerScheduled, TimerFired, HttpRequested, EventWaiting, EventReceived, ChildRunRequested,
        ChildRunEnded, ChildRunTimedOut, TaskCreated, TaskCompleted, TaskEscalated, TaskOverdue, IntegrationItemCreated,
        IntegrationItemCompleted, IntegrationItemFailed,
    ];
}

namespace Weft.Core.Runs;

/// <summary>The types of a run's history events (<see cref="HistoryEvent.Type"/>), as they go on the wire.</summary>
public static class HistoryEventTypes
{
    public const string BranchStarted = "BranchStarted";
    public const string ChildRunEnded = "ChildRunEnded";
    public const string ChildRunRequested = "ChildRunRequested";
    public const string ChildRunTimedOut = "ChildRunTimedOut";
    public const string CompensationRequired = "CompensationRequired";
    public const string CompensationStarted = "CompensationStarted";
    public const string EventReceived = "EventReceived";
    public const string EventWaiting = "EventWaiting";
    public const string HttpRequested = "HttpRequested";
    public const string IntegrationItemCompleted = "IntegrationItemCompleted";
    public const string IntegrationItemCreated = "IntegrationItemCreated";
    public const string IntegrationItemFailed = "IntegrationItemFailed";
    public const string IterationStarted = "IterationStarted";
    public const string RunCompleted = "RunCompleted";
    public const string RunCreated = "RunCreated";
    public const string RunFailed = "RunFailed";
    public const string RunPaused = "RunPaused";
    public const string RunRerun = "RunRerun";
    public const string RunResumed = "RunResumed";
    public const string RunResumedWithErrors = "RunResumedWithErrors";
    public const string RunRetried = "RunRetried";
    public const string RunStarted = "RunStarted";
    public const string RunTerminated = "RunTerminated";
    public const string RunTimedOut = "RunTimedOut";
    public const string RunTimeoutAlert = "RunTimeoutAlert";
    public const string ScopeCompleted = "ScopeCompleted";
    public const string ScopeFailed = "ScopeFailed";
    public const string ScopeReopened = "ScopeReopened";
    public const string StepCancelled = "StepCancelled";
    public const string StepCompleted = "StepCompleted";
    public const string StepErrorIgnored = "StepErrorIgnored";
    public const string StepFailed = "StepFailed";
    public const string StepRetryScheduled = "StepRetryScheduled";
    public const string StepStarted = "StepStarted";
    public const string TaskCompleted = "TaskCompleted";
    public const string TaskCreated = "TaskCreated";
    public const string TaskEscalated = "TaskEscalated";
    public const string TaskOverdue = "TaskOverdue";
    public const string TimerFired = "TimerFired";
    public const string TimerScheduled = "TimerScheduled";

    public static readonly IReadOnlyList<string> All = [BranchStarted, ChildRunEnded, ChildRunRequested, ChildRunTimedOut, CompensationRequired, CompensationStarted, EventReceived, EventWaiting, HttpRequested, IntegrationItemCompleted, IntegrationItemCreated, IntegrationItemFailed, IterationStarted, RunCompleted, RunCreated, RunFailed, RunPaused, RunRerun, RunResumed, RunResumedWithErrors, RunRetried, RunStarted, RunTerminated, RunTimedOut, RunTimeoutAlert, ScopeCompleted, ScopeFailed, ScopeReopened, StepCancelled, StepCompleted, StepErrorIgnored, StepFailed, StepRetryScheduled, StepStarted, TaskCompleted, TaskCreated, TaskEscalated, TaskOverdue, TimerFired, TimerScheduled];
}

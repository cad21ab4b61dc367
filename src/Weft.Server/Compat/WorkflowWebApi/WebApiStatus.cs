using Weft.Core.Runs;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>The product's status codes (docs/compat.md, section 000): a workflow's two letters, an activity's one.</summary>
public static class WebApiStatus
{
    /// <summary>EP pending, EX in progress, SL asleep (waiting: on a person, a timer, an event), PA paused, FN finished, FE finished with errors, AB aborted.</summary>
    public static string Workflow(RunStatus status) => status switch
    {
        RunStatus.Queued => "EP",
        RunStatus.Running => "EX",
        RunStatus.Waiting => "SL",
        RunStatus.Paused => "PA",
        RunStatus.Completed => "FN",
        RunStatus.Failed or RunStatus.TimedOut => "FE",
        RunStatus.Terminated => "AB",
        _ => "EX",
    };

    /// <summary>E executing (a failed activity stays E, as in the product), S asleep, C completed, K killed, U paused (an unfinished activity of a paused run), P pending (retrying).</summary>
    public static string Activity(StepState step, RunStatus run) => step.Status switch
    {
        StepStatuses.Completed => "C",
        StepStatuses.Cancelled => "K",
        StepStatuses.Failed => "E",
        _ when run == RunStatus.Paused => "U",
        StepStatuses.Waiting => "S",
        StepStatuses.Retrying => "P",
        _ => "E",
    };

    /// <summary>The product's words for activity states other than Completed and Sleep: refused by name by AlertEngine.</summary>
    public static readonly IReadOnlyList<string> ProductActivityWords = ["Pending", "Executing", "Killed", "Paused", "Aborted", "NextActionInitiated", "Error"];
}

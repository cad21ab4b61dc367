using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Server.Compat.WorkflowServerApi;

/// <summary>The product's PascalCase payloads, built from Weft's runs (docs/compat.md, section 001, "Payloads").</summary>
internal static class WorkflowApiPayloads
{
    /// <summary>The product's <c>ProcessStatus</c>: 0 Initialized, 1 Running, 2 Idled, 3 Finalized, 4 Terminated, 5 Error.</summary>
    public static int InstanceStatus(RunStatus status) => status switch
    {
        RunStatus.Queued => 0,
        RunStatus.Running => 1,
        RunStatus.Waiting or RunStatus.Paused => 2,
        RunStatus.Completed => 3,
        RunStatus.Terminated => 4,
        _ => 5,
    };

    private static readonly string[] StatusNames = ["Initialized", "Running", "Idled", "Finalized", "Terminated", "Error"];

    /// <summary>The Weft statuses a product status (its number or name) stands for.</summary>
    public static bool TryStatuses(string text, out IReadOnlyList<RunStatus> statuses)
    {
        var index = int.TryParse(text, out var n) ? n : Array.FindIndex(StatusNames, s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase));
        statuses = index switch
        {
            0 => [RunStatus.Queued],
            1 => [RunStatus.Running],
            2 => [RunStatus.Waiting, RunStatus.Paused],
            3 => [RunStatus.Completed],
            4 => [RunStatus.Terminated],
            5 => [RunStatus.Failed, RunStatus.TimedOut],
            _ => [],
        };
        return statuses.Count > 0;
    }

    /// <summary>ProcessInfo: the ProcessInstance, its <c>InstanceStatus</c>, <c>Transitions</c> (the ended steps in order) and <c>History</c>.</summary>
    public static JsonObject ProcessInfo(RunRecord run, bool withSteps = true)
    {
        var steps = run.State.Steps;
        var current = run.State.Current ?? (steps.Count > 0 ? steps[^1].Key : null);
        var ended = steps.Where(s => s.EndedAt is not null).OrderBy(s => s.EndedAt).ToList();
        var previous = ended.LastOrDefault(s => s.Key != current)?.Key;
        var info = new JsonObject
        {
            ["Id"] = run.Id,
            ["StateName"] = current,
            ["ActivityName"] = current,
            ["SchemeId"] = run.DefinitionId,
            ["SchemeCode"] = run.DefinitionName,
            ["PreviousState"] = previous,
            ["PreviousStateForDirect"] = previous,
            ["PreviousStateForReverse"] = null,
            ["PreviousActivity"] = previous,
            ["PreviousActivityForDirect"] = previous,
            ["PreviousActivityForReverse"] = null,
            ["ParentProcessId"] = run.ParentRunId,
            ["RootProcessId"] = run.ParentRunId ?? run.Id,
            ["ProcessParameters"] = run.State.Vars.DeepClone(),
            ["InstanceStatus"] = InstanceStatus(run.Status),
        };
        if (!withSteps) return info;
        var transitions = new JsonArray();
        string? from = null;
        for (var i = 0; i < ended.Count; i++)
        {
            var step = ended[i];
            transitions.Add(new JsonObject
            {
                ["ProcessId"] = run.Id,
                ["ActorIdentityId"] = run.State.Initiator,
                ["ExecutorIdentityId"] = run.State.Initiator,
                ["FromActivityName"] = from ?? step.Key,
                ["FromStateName"] = from ?? step.Key,
                ["IsFinalised"] = i == ended.Count - 1 && run.EndedAt is not null,
                ["ToActivityName"] = step.Key,
                ["ToStateName"] = step.Key,
                ["TransitionClassifier"] = 1,
                ["TransitionTime"] = step.EndedAt,
                ["TriggerName"] = step.Kind,
            });
            from = step.Key;
        }
        info["Transitions"] = transitions;
        info["History"] = new JsonArray();
        return info;
    }
}

using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>
/// Retry of a run that stopped inside a block: the parallel or loop step is not run again as a whole. Its branches and
/// iterations that completed are kept; each one that failed (or was cancelled when the run failed or timed out) goes
/// on at the step it stopped at, with a fresh attempt count, nested blocks likewise.
/// </summary>
public sealed partial class WorkflowEngine
{
    /// <summary>The top-level step that holds the step with this key (the step itself at the top level).</summary>
    private static StepState? TopLevel(RunRecord run, string key)
    {
        var state = run.State.Find(key);
        while (state?.Scope is { } scope) state = run.State.FindScope(scope) is { } s ? run.State.Find(s.Owner) : null;
        return state;
    }

    /// <summary>True when the container has blocks that stopped (failed or cancelled) and could go on.</summary>
    private static bool HasStoppedBlocks(RunRecord run, StepState owner) =>
        owner.Status is StepStatuses.Failed or StepStatuses.Cancelled && run.State.Scopes.Any(s => s.Owner == owner.Key && s.Status is StepStatuses.Failed or StepStatuses.Cancelled && StoppedAt(run, s) is not null);

    /// <summary>The step a stopped block stood at: its last step that failed or was cancelled.</summary>
    private static StepState? StoppedAt(RunRecord run, ScopeState scope) =>
        run.State.Steps.LastOrDefault(s => s.Scope == scope.Key && s.Status is StepStatuses.Failed or StepStatuses.Cancelled);

    /// <summary>Opens the container again and puts each stopped block back on the agenda at the step it stopped at.</summary>
    private static void ReopenBlocks(AdvanceContext context, StepState owner)
    {
        var run = context.Run;
        owner.Status = StepStatuses.Running;
        owner.Error = null;
        owner.EndedAt = null;
        SetCurrent(run, owner.Scope, owner.Key);
        foreach (var scope in run.State.Scopes.Where(s => s.Owner == owner.Key && s.Status is StepStatuses.Failed or StepStatuses.Cancelled).ToList())
        {
            if (StoppedAt(run, scope) is not { } stopped) continue;
            scope.Status = StepStatuses.Running;
            scope.Error = null;
            scope.Output = null;
            context.Record(HistoryEventTypes.ScopeReopened, owner.Key, new System.Text.Json.Nodes.JsonObject { ["scope"] = scope.Key, ["step"] = stopped.Key });
            if (context.Definition.Find(stopped.Id) is ContainerStep && HasStoppedBlocks(run, stopped))
                ReopenBlocks(context, stopped);
            else
            {
                scope.Current = stopped.Key;
                context.Agenda.Enqueue(new Fiber(scope.Key, stopped.Id, true));
            }
        }
    }

    /// <summary>A run that goes on again after it ended gets a fresh run-timeout window from now (its old one was dropped when it ended).</summary>
    private static void RearmTimeout(AdvanceContext context)
    {
        if (context.Definition.Timeout is { } t) context.Schedule(WorkKind.RunTimeout, null, 0, context.Now + t.After);
    }
}

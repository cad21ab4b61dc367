using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>
/// Rerun: a new run of the same definition version that starts at a chosen top-level step with the state the
/// original had before that step. That state is folded from the original's history: the start variables on
/// <c>RunCreated</c>, each step's variable delta on its <c>StepCompleted</c>/<c>StepFailed</c>, and the end of
/// every top-level step, up to the chosen step's first <c>StepStarted</c>.
/// </summary>
public sealed partial class WorkflowEngine
{
    /// <summary>Marks a run whose history carries variable deltas (runs stored before them cannot be rerun exactly).</summary>
    private const string VarsTracked = "varsTracked";

    private static JsonObject CreatedData(RunRecord run, string? initiator)
    {
        var data = new JsonObject { ["input"] = run.Input.DeepClone(), ["initiator"] = initiator, [VarsTracked] = true };
        if (run.State.Vars.Count > 0) data["vars"] = run.State.Vars.DeepClone();
        if (run.State.RerunOf is { } of) data["rerunOf"] = new JsonObject { ["runId"] = of.RunId, ["step"] = of.Step };
        return data;
    }

    /// <summary>
    /// The state before top-level step <paramref name="step"/> first started, folded from <paramref name="history"/>:
    /// the variables and the top-level steps that had ended. Null when the step never started.
    /// </summary>
    /// <exception cref="InvalidOperationException">The history has no variable deltas (the run predates them).</exception>
    public static RunState? StateBefore(IReadOnlyList<HistoryEvent> history, WorkflowDefinition definition, string step)
    {
        var state = new RunState();
        var tracked = false;
        foreach (var e in history)
        {
            switch (e.Type)
            {
                case HistoryEventTypes.RunCreated:
                    tracked = e.Data?[VarsTracked] is not null;
                    if (e.Data?["vars"] is JsonObject start) state.Vars = start.DeepClone().AsObject();
                    break;
                case HistoryEventTypes.StepStarted when e.Step == step:
                    if (!tracked) throw new InvalidOperationException("the run was stored before variable changes were recorded in its history");
                    state.Steps.RemoveAll(s => s.EndedAt is null);
                    return state;
                case HistoryEventTypes.StepStarted when e.Step is { } key && !key.Contains('/', StringComparison.Ordinal) && definition.Find(key) is { } d:
                    var started = state.Find(key);
                    if (started is null) state.Steps.Add(started = new StepState { Id = key, Kind = d.Kind });
                    started.StartedAt = e.At;
                    started.Status = StepStatuses.Running;
                    started.EndedAt = null;
                    started.Attempts = e.Data?["attempt"]?.GetValue<int>() ?? 1;
                    break;
                case HistoryEventTypes.StepCompleted or HistoryEventTypes.StepFailed:
                    Fold(state, e);
                    break;
            }
        }
        return null;
    }

    private static void Fold(RunState state, HistoryEvent e)
    {
        if (e.Data?["vars"] is JsonObject delta)
            foreach (var (name, value) in delta) state.Vars[name] = value?.DeepClone();
        if (e.Data?["varsRemoved"] is JsonArray removed)
            foreach (var name in removed) state.Vars.Remove(name!.GetValue<string>());
        if (e.Step is null || state.Find(e.Step) is not { } s) return;
        var completed = e.Type == HistoryEventTypes.StepCompleted;
        s.Status = completed ? StepStatuses.Completed : StepStatuses.Failed;
        s.Output = completed ? e.Data?["output"]?.DeepClone() : null;
        s.Error = completed ? null : e.Data?["error"]?.GetValue<string>();
        s.EndedAt = e.At;
    }

    /// <summary>Records on the original run that a rerun of it was started (with the action's idempotency key).</summary>
    public static RunWrite RecordRerun(RunRecord original, DateTimeOffset now, string newRunId, string step, string? by, string? idempotencyKey)
    {
        var expected = original.Version;
        var context = new AdvanceContext(original, null!, now, new Expressions.ExpressionLimits());
        Remember(original, "rerun", idempotencyKey);
        context.Record(HistoryEventTypes.RunRerun, step, new JsonObject { ["runId"] = newRunId, ["by"] = by });
        return new RunWrite(original, expected, context.Events, []);
    }
}

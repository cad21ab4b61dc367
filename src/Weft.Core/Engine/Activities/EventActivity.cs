using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>event</c>: stores a wait (an <see cref="EventWait"/> effect of the checkpoint, which also takes an event kept
/// from before) and suspends with no work row of its own, or with a timer row when the step has a timeout. The event
/// arrives as a signal row; nothing is held in memory while the run waits.
/// </summary>
internal sealed class EventActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var e = (EventStep)step;
        var correlation = Text(context.Evaluate(e.Correlation));
        if (string.IsNullOrEmpty(correlation))
            return new StepOutcome.Failed($"the correlation of event step '{step.Id}' gave no value", Retryable: false);
        context.Effects.Add(new EventWait(
            Guid.CreateVersion7(context.Now).ToString(), context.Run.Namespace, e.EventName, correlation, context.Run.Id,
            state.Key, state.TotalAttempts, Guid.CreateVersion7(context.Now).ToString(), context.Now));
        var due = e.Timeout is { } t ? context.Now + t : (DateTimeOffset?)null;
        context.Record(HistoryEventTypes.EventWaiting, state.Key, new JsonObject { ["name"] = e.EventName, ["correlation"] = correlation, ["timeoutAt"] = due?.ToString("O") });
        var work = due is null ? null : context.Schedule(WorkKind.Timer, state.Key, state.TotalAttempts, due.Value);
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, work, due);
    }

    public StepOutcome Resume(AdvanceContext context, StepDefinition step, StepState state, JsonObject payload)
    {
        context.Record(HistoryEventTypes.EventReceived, state.Key, new JsonObject { ["id"] = payload["id"]?.DeepClone(), ["name"] = payload["name"]?.DeepClone(), ["correlation"] = payload["correlation"]?.DeepClone() });
        return new StepOutcome.Completed(new JsonObject
        {
            ["name"] = payload["name"]?.DeepClone(),
            ["correlation"] = payload["correlation"]?.DeepClone(),
            ["payload"] = payload["payload"]?.DeepClone(),
            ["receivedAt"] = payload["receivedAt"]?.DeepClone(),
        });
    }

    public StepOutcome TimerFired(AdvanceContext context, StepDefinition step, StepState state)
    {
        var e = (EventStep)step;
        context.Effects.Add(new EventWaitClosed(context.Run.Id, state.Key, state.TotalAttempts));
        if (e.OnTimeout is { } target) return new StepOutcome.Completed(new JsonObject { ["timedOut"] = true }, target);
        // Retryable: a retry policy on the step waits again, for as long again.
        return new StepOutcome.Failed($"no event '{e.EventName}' arrived within {e.Timeout}", Retryable: true);
    }

    /// <summary>A correlation is text; a number or a boolean counts by its JSON text (42, true).</summary>
    internal static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}

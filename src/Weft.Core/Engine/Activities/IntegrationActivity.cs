using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Integration;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>integration</c>: puts an item on the step's queue with the checkpoint and waits. A worker's completion or
/// failure comes back as a signal; the optional step timeout is a timer row that fails the attempt.
/// </summary>
internal sealed class IntegrationActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var integration = (IntegrationStep)step;
        var fields = new JsonArray();
        foreach (var field in integration.Fields)
        {
            var value = field.Value is null ? null : context.Evaluate(field.Value);
            var described = IntegrationFields.Describe(field, value);
            if (IntegrationFields.Check(described, value) is { } problem)
                return new StepOutcome.Failed($"field '{field.Key}' {problem}", Retryable: false);
            fields.Add(described);
        }
        var id = Guid.CreateVersion7(context.Now).ToString();
        context.Effects.Add(new IntegrationItemCreated(id, integration.Queue, state.Key, state.TotalAttempts, fields));
        context.Record(HistoryEventTypes.IntegrationItemCreated, state.Key, new JsonObject { ["itemId"] = id, ["queue"] = integration.Queue, ["attempt"] = state.Attempts });
        NewWork? timer = null;
        DateTimeOffset? due = null;
        if (step.Timeout is { } timeout)
        {
            due = context.Now + timeout;
            timer = context.Schedule(WorkKind.Timer, state.Key, state.TotalAttempts, due.Value);
        }
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, timer, due);
    }

    public StepOutcome Resume(AdvanceContext context, StepDefinition step, StepState state, JsonObject payload)
    {
        if (payload["type"]?.GetValue<string>() == "failed")
        {
            var error = payload["error"]?.GetValue<string>() ?? "the worker failed the step";
            var retryable = payload["retryable"]?.GetValue<bool>() ?? true;
            context.Record(HistoryEventTypes.IntegrationItemFailed, state.Key, new JsonObject { ["itemId"] = payload["itemId"]?.DeepClone(), ["worker"] = payload["worker"]?.DeepClone(), ["error"] = error });
            return new StepOutcome.Failed(error, retryable);
        }
        context.Record(HistoryEventTypes.IntegrationItemCompleted, state.Key, new JsonObject { ["itemId"] = payload["itemId"]?.DeepClone(), ["worker"] = payload["worker"]?.DeepClone() });
        return new StepOutcome.Completed(new JsonObject
        {
            ["fields"] = payload["fields"]?.DeepClone(),
            ["result"] = payload["result"]?.DeepClone(),
            ["worker"] = payload["worker"]?.DeepClone(),
        });
    }

    public StepOutcome TimerFired(AdvanceContext context, StepDefinition step, StepState state)
    {
        context.Effects.Add(new IntegrationItemCancelled(state.Key, state.TotalAttempts));
        return new StepOutcome.Failed($"no worker completed the step within {Duration(step.Timeout!.Value)}", Retryable: true);
    }

    private static string Duration(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{t.TotalSeconds:0.###}s" : t.TotalMinutes < 120 ? $"{t.TotalMinutes:0.###}m" : $"{t.TotalHours:0.###}h";
}

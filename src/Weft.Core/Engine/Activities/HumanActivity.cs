using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;
using Weft.Core.Tasks;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>human</c>: opens a task (written with the checkpoint) and waits. The task's completion arrives as a signal
/// with the action, the user and the fields; a due time is a timer row whose firing escalates.
/// </summary>
internal sealed class HumanActivity : IActivity
{
    /// <summary>How a run started with a client-credentials token names its initiator: <c>client:&lt;id&gt;</c>.</summary>
    private const string ServicePrefix = "client:";

    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var human = (HumanStep)step;
        var assign = human.Assignment;
        string? user = null, role = null;
        if (assign.User is not null && (user = Text(context.Evaluate(assign.User))) is null)
            return new StepOutcome.Failed("assign.user gave no user id", Retryable: false);
        if (assign.Role is not null && (role = Text(context.Evaluate(assign.Role))) is null)
            return new StepOutcome.Failed("assign.role gave no role name", Retryable: false);
        if (assign.Initiator && (user = context.Run.State.Initiator) is null)
            return new StepOutcome.Failed("the task is assigned to the run's initiator, but the run was started without a caller", Retryable: false);
        if (assign.Initiator && user!.StartsWith(ServicePrefix, StringComparison.Ordinal))
        {
            // A service (client-credentials token) has no inbox: the task goes where the definition says instead (reference 000).
            if (assign.Otherwise is not { } otherwise)
                return new StepOutcome.Failed($"the task is assigned to the run's initiator, but the run was started by the service '{user}', which has no inbox: add assign.otherwise", Retryable: false);
            user = otherwise.User is null ? null : Text(context.Evaluate(otherwise.User));
            role = otherwise.Role is null ? null : Text(context.Evaluate(otherwise.Role));
            if (user is null && role is null) return new StepOutcome.Failed("assign.otherwise gave no user or role", Retryable: false);
        }
        var values = new JsonObject();
        foreach (var f in human.Form)
        {
            var value = f.Default is null ? null : context.Evaluate(f.Default);
            if (f.Field.Check(value) is { } problem) return new StepOutcome.Failed($"form field '{f.Field.Key}': default {problem}", Retryable: false);
            values[f.Field.Key] = value;
        }
        DateTimeOffset? due = human.Due is { } d ? context.Now + d : null;
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(context.Now).ToString(),
            Namespace = context.Run.Namespace,
            RunId = context.Run.Id,
            Step = state.Key,
            Attempt = state.TotalAttempts,
            Title = Text(context.Evaluate(human.Title)) ?? step.Id,
            Description = human.Description is null ? null : Text(context.Evaluate(human.Description)),
            AssigneeUser = user,
            AssigneeRole = role,
            AssigneeFilter = assign.Filter,
            Form = [.. human.Form.Select(f => f.Field)],
            Values = values,
            Actions = human.Actions,
            DueAt = due,
            CreatedAt = context.Now,
        };
        context.Effects.Add(new TaskCreated(task));
        context.Record(HistoryEventTypes.TaskCreated, state.Key, new JsonObject
        {
            ["taskId"] = task.Id,
            ["title"] = task.Title,
            ["user"] = user,
            ["role"] = role,
            ["filter"] = assign.Filter,
        });
        var work = due is null ? null : context.Schedule(WorkKind.Timer, state.Key, state.TotalAttempts, due.Value);
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, work, due);
    }

    public StepOutcome Resume(AdvanceContext context, StepDefinition step, StepState state, JsonObject payload)
    {
        var output = new JsonObject
        {
            ["action"] = payload["action"]?.DeepClone(),
            ["by"] = payload["by"]?.DeepClone(),
            ["completedAt"] = payload["completedAt"]?.DeepClone() ?? context.Now.ToString("O"),
            ["fields"] = payload["fields"]?.DeepClone() ?? new JsonObject(),
        };
        context.Record(HistoryEventTypes.TaskCompleted, state.Key, new JsonObject { ["taskId"] = payload["taskId"]?.DeepClone(), ["action"] = output["action"]?.DeepClone(), ["by"] = output["by"]?.DeepClone() });
        return new StepOutcome.Completed(output);
    }

    public StepOutcome TimerFired(AdvanceContext context, StepDefinition step, StepState state)
    {
        var human = (HumanStep)step;
        if (human.Escalate is not { } escalate)
        {
            context.Record(HistoryEventTypes.TaskOverdue, state.Key);
            return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, null, null);
        }
        string? user = escalate.User is null ? null : Text(context.Evaluate(escalate.User));
        string? role = escalate.Role is null ? null : Text(context.Evaluate(escalate.Role));
        context.Record(HistoryEventTypes.TaskEscalated, state.Key, new JsonObject { ["user"] = user, ["role"] = role, ["goto"] = escalate.Goto });
        if (escalate.Goto is { } target)
        {
            context.Effects.Add(new TaskCancelled(context.Run.Id, state.Key, state.TotalAttempts));
            return new StepOutcome.Completed(new JsonObject
            {
                ["action"] = null,
                ["by"] = null,
                ["completedAt"] = context.Now.ToString("O"),
                ["fields"] = new JsonObject(),
                ["escalated"] = true,
            }, target);
        }
        if (user is null && role is null) return new StepOutcome.Failed("escalate gave no user or role to reassign the task to", Retryable: false);
        context.Effects.Add(new TaskReassigned(context.Run.Id, state.Key, state.TotalAttempts, user, role));
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, null, null);
    }

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        _ => value.ToJsonString(),
    };
}

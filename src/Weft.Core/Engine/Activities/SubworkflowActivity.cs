using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>subworkflow</c>: asks the worker for a child run (a <see cref="WorkKind.StartChild"/> row, the child's id fixed
/// by this step's attempt) and waits. The child's end arrives as a <see cref="WorkKind.Signal"/>
/// (<see cref="NotifyParent"/>), and so does a child that could not be started.
/// </summary>
internal sealed class SubworkflowActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var sub = (SubworkflowStep)step;
        var input = sub.Input is null ? new JsonObject() : context.Evaluate(sub.Input);
        if (input is not JsonObject)
            return new StepOutcome.Failed($"the child's input must be an object, not {input?.ToJsonString() ?? "null"}", Retryable: false);
        var childId = WorkflowEngine.ChildRunId(context.Run.Id, state.Key, state.TotalAttempts);
        state.ChildRunId = childId;
        var request = new JsonObject
        {
            ["namespace"] = context.Run.Namespace,
            ["definition"] = sub.Definition,
            ["version"] = sub.Version,
            ["input"] = input.DeepClone(),
            ["childId"] = childId,
        };
        // A child run is about the same case as its parent, with the same snapshot.
        if (context.Run.CaseId is not null)
        {
            request["caseId"] = context.Run.CaseId;
            request["subject"] = context.Run.Subject?.DeepClone();
        }
        context.Record(HistoryEventTypes.ChildRunRequested, state.Key, new JsonObject { ["childRunId"] = childId, ["definition"] = sub.Definition, ["version"] = sub.Version });
        var work = context.Schedule(WorkKind.StartChild, state.Key, state.TotalAttempts, context.Now, request);
        DateTimeOffset? due = null;
        if (step.Timeout is { } limit)
        {
            due = context.Now + limit;
            context.Schedule(WorkKind.Timer, state.Key, state.TotalAttempts, due.Value);
        }
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, work, due);
    }

    /// <summary>The step's <c>timeout</c> passed before the child ended: the child is cancelled and the step fails (its retry starts a new child).</summary>
    public StepOutcome TimerFired(AdvanceContext context, StepDefinition step, StepState state)
    {
        context.Effects.Add(new StepsCancelled([state.Key]));
        context.Record(HistoryEventTypes.ChildRunTimedOut, state.Key, new JsonObject { ["childRunId"] = state.ChildRunId });
        return new StepOutcome.Failed($"child run {state.ChildRunId} did not end within {step.Timeout}", Retryable: true);
    }

    public StepOutcome Resume(AdvanceContext context, StepDefinition step, StepState state, JsonObject payload)
    {
        var childId = payload["childId"]?.GetValue<string>() ?? state.ChildRunId;
        // The worker could not start the child (no such definition, input that does not fit): trying again will not help.
        if (payload["startError"] is { } startError)
            return new StepOutcome.Failed(startError.GetValue<string>(), Retryable: false);
        var status = payload["status"]?.GetValue<string>();
        context.Record(HistoryEventTypes.ChildRunEnded, state.Key, new JsonObject { ["childRunId"] = childId, ["status"] = status });
        if (status == RunStatus.Completed.ToName()) return new StepOutcome.Completed(payload["output"]?.DeepClone());
        return new StepOutcome.Failed($"child run {childId} {status}: {payload["error"]?.GetValue<string>() ?? "no error given"}");
    }
}

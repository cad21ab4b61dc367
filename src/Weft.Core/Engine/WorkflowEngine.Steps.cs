using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Engine.Activities;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

public sealed partial class WorkflowEngine
{
    /// <summary>Runs the blocks on the agenda, each from its step until one waits or its block ends.</summary>
    private static void Drive(AdvanceContext context)
    {
        var run = context.Run;
        var executed = 0;
        while (context.Agenda.TryDequeue(out var fiber))
        {
            var (scope, stepId, fresh) = (fiber.Scope, (string?)fiber.Step, fiber.Fresh);
            while (stepId is not null)
            {
                if (run.Status.IsFinal() || !IsActive(run, scope)) break;
                if (++executed > MaxStepsPerAdvance)
                {
                    // Yield: a long chain of in-process steps is checkpointed and picked up again by a fresh work row.
                    run.State.Ready.Add(new ReadyFiber(scope, stepId));
                    SetCurrent(run, scope, KeyOf(scope, stepId));
                    if (!context.Yielded)
                    {
                        context.Yielded = true;
                        context.Schedule(WorkKind.Advance, null, 0, context.Now);
                    }
                    break;
                }
                var step = context.Definition.Find(stepId)!;
                var state = Begin(context, scope, step, fresh);
                fresh = true;
                StepOutcome outcome;
                try
                {
                    outcome = Activities[step.GetType()].Execute(context, step, state);
                }
                catch (ExpressionException e)
                {
                    outcome = new StepOutcome.Failed(e.Message, Retryable: step is ScriptStep);
                }
                stepId = Apply(context, step, state, outcome);
            }
        }
    }

    internal static string KeyOf(string? scope, string stepId) => scope is null ? stepId : scope + "/" + stepId;

    private static StepState Begin(AdvanceContext context, string? scope, StepDefinition step, bool fresh)
    {
        var run = context.Run;
        var key = KeyOf(scope, step.Id);
        var state = run.State.Find(key);
        if (state is null)
        {
            state = new StepState { Id = step.Id, Kind = step.Kind, Scope = scope };
            run.State.Steps.Add(state);
        }
        if (fresh)
        {
            state.Executions++;
            state.Attempts = 0;
            state.Output = null;
            state.Error = null;
        }
        state.Attempts++;
        state.TotalAttempts++;
        state.Status = StepStatuses.Running;
        state.StartedAt = context.Now;
        state.EndedAt = null;
        state.DueAt = null;
        SetCurrent(run, scope, key);
        context.Scope = scope;
        context.StateChanged();
        context.Record(HistoryEventTypes.StepStarted, key, new JsonObject { ["kind"] = step.Kind, ["attempt"] = state.Attempts });
        return state;
    }

    /// <summary>Applies an outcome; returns the next step to run now in the same block, or null to stop here.</summary>
    private static string? Apply(AdvanceContext context, StepDefinition step, StepState state, StepOutcome outcome)
    {
        switch (outcome)
        {
            case StepOutcome.Completed c:
                return Complete(context, state, c.Result, c.Goto);
            case StepOutcome.Failed f:
                return StepFailed(context, step, state, f.Error, f.Retryable);
            case StepOutcome.Suspended s:
                state.Status = s.StepStatus;
                state.DueAt = s.DueAt;
                if (context.Run.Status != RunStatus.Running || s.RunStatus != RunStatus.Running) context.Run.Status = s.RunStatus;
                if (s.Work is { Kind: WorkKind.Http } http)
                    context.Record(HistoryEventTypes.HttpRequested, state.Key, new JsonObject { ["method"] = http.Payload?["method"]?.DeepClone(), ["url"] = http.Payload?["url"]?.DeepClone(), ["idempotencyKey"] = http.Payload?["idempotencyKey"]?.DeepClone() });
                else if (s.Work is { Kind: WorkKind.Timer })
                    context.Record(HistoryEventTypes.TimerScheduled, state.Key, new JsonObject { ["dueAt"] = s.DueAt?.ToString("O") });
                return null;
            case StepOutcome.Finish f when state.Scope is not null:
                // An end or fail step inside a branch or loop body ends that block, not the run.
                state.Status = f.Status == RunStatus.Completed ? StepStatuses.Completed : StepStatuses.Failed;
                state.EndedAt = context.Now;
                state.Error = f.Error;
                state.Output = f.Status == RunStatus.Completed ? f.Output : null;
                SetCurrent(context.Run, state.Scope, null);
                context.StateChanged();
                context.Record(f.Status == RunStatus.Completed ? HistoryEventTypes.StepCompleted : HistoryEventTypes.StepFailed, state.Key, f.Error is null ? null : new JsonObject { ["error"] = f.Error });
                EndOfBlock(context, state.Scope, state, f.Status == RunStatus.Completed ? null : f.Error);
                return null;
            case StepOutcome.Finish f:
                state.Status = f.Status == RunStatus.Completed ? StepStatuses.Completed : StepStatuses.Failed;
                state.EndedAt = context.Now;
                state.Error = f.Error;
                context.Record(f.Status == RunStatus.Completed ? HistoryEventTypes.StepCompleted : HistoryEventTypes.StepFailed, state.Key, f.Error is null ? null : new JsonObject { ["error"] = f.Error });
                if (f.Status == RunStatus.Failed) FailRun(context, f.Error ?? "failed", state.Key);
                else Finish(context, f.Status, f.Output, f.Error, state.Key);
                return null;
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    /// <summary>Marks a step completed (output mapping and assignments applied) and returns where its block goes next.</summary>
    private static string? Complete(AdvanceContext context, StepState state, JsonNode? result, string? jump)
    {
        var step = context.Definition.Find(state.Id)!;
        context.Scope = state.Scope;
        JsonNode? output = result;
        try
        {
            if (step.Output is not null || step.Assign.Count > 0)
            {
                context.SetResult(result);
                if (step.Output is not null) output = context.Evaluate(step.Output);
                foreach (var (name, template) in step.Assign)
                {
                    var value = context.Evaluate(template);
                    context.Run.State.Vars[name] = value;
                    context.VarSet(name, value);
                }
            }
        }
        catch (ExpressionException e)
        {
            return StepFailed(context, step, state, "output mapping failed: " + e.Message, retryable: false);
        }
        state.Status = StepStatuses.Completed;
        state.Output = output;
        state.EndedAt = context.Now;
        state.DueAt = null;
        SetCurrent(context.Run, state.Scope, null);
        context.StateChanged();
        context.Record(HistoryEventTypes.StepCompleted, state.Key, new JsonObject { ["attempt"] = state.Attempts, ["output"] = output?.DeepClone() });
        if (context.Run.Status == RunStatus.Waiting) context.Run.Status = RunStatus.Running;
        var next = jump ?? context.Definition.After(step);
        if (next is null) EndOfBlock(context, state.Scope, state, null);
        return next;
    }

    private static string? StepFailed(AdvanceContext context, StepDefinition step, StepState state, string error, bool retryable)
    {
        state.Error = error;
        state.EndedAt = context.Now;
        context.StateChanged();
        if (retryable && state.Attempts < step.Retry.Attempts)
        {
            var due = context.Now + step.Retry.DelayBefore(state.Attempts + 1);
            state.Status = StepStatuses.Retrying;
            state.DueAt = due;
            context.Run.Status = RunStatus.Waiting;
            context.Record(HistoryEventTypes.StepRetryScheduled, state.Key, new JsonObject { ["attempt"] = state.Attempts, ["error"] = error, ["dueAt"] = due.ToString("O") });
            context.Schedule(WorkKind.Retry, state.Key, state.TotalAttempts, due);
            return null;
        }
        state.Status = StepStatuses.Failed;
        state.DueAt = null;
        context.Record(HistoryEventTypes.StepFailed, state.Key, new JsonObject { ["attempt"] = state.Attempts, ["error"] = error });
        SetCurrent(context.Run, state.Scope, null);
        switch (step.OnError.Action)
        {
            case ErrorAction.Continue:
            {
                context.Record(HistoryEventTypes.StepErrorIgnored, state.Key, new JsonObject { ["onError"] = "continue" });
                var next = context.Definition.After(step);
                if (next is null) EndOfBlock(context, state.Scope, state, null);
                return next;
            }
            case ErrorAction.Goto:
                context.Record(HistoryEventTypes.StepErrorIgnored, state.Key, new JsonObject { ["onError"] = "goto", ["goto"] = step.OnError.Goto });
                return step.OnError.Goto;
            default:
                EndOfBlock(context, state.Scope, state, error);
                return null;
        }
    }

    private static void HttpDone(AdvanceContext context, WorkItem item, JsonObject response)
    {
        var state = context.Run.State.Find(item.Step!)!;
        var step = context.Definition.Find(state.Id)!;
        context.Scope = state.Scope;
        string? next;
        if (response["error"] is { } error)
        {
            // A refused target or a malformed address will not get better by trying again.
            var permanent = response["permanent"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
            next = StepFailed(context, step, state, error.ToString(), retryable: !permanent);
        }
        else
        {
            var status = response["status"]?.GetValue<int>() ?? 0;
            next = status is >= 200 and < 300
                ? Complete(context, state, response, null)
                : StepFailed(context, step, state, $"HTTP {status} from {item.Payload?["url"]}", retryable: status is 408 or 425 or 429 or >= 500);
            if (status is not (>= 200 and < 300)) state.Output = response;
        }
        if (next is not null) context.Agenda.Enqueue(new Fiber(state.Scope, next, true));
    }

    /// <summary>A waiting step's timer fell due: a delay's end, or the time limit of a step that waits on something else.</summary>
    private static void TimerFired(AdvanceContext context, WorkItem item) =>
        GoOn(context, item, (activity, step, state) => activity.TimerFired(context, step, state));

    /// <summary>A waiting step receives what it waited for; the run goes on from there.</summary>
    private static void Resumed(AdvanceContext context, WorkItem item) =>
        GoOn(context, item, (activity, step, state) => activity.Resume(context, step, state, item.Payload ?? []));

    private static void GoOn(AdvanceContext context, WorkItem item, Func<IActivity, StepDefinition, StepState, StepOutcome> resume)
    {
        var state = context.Run.State.Find(item.Step!)!;
        var step = context.Definition.Find(state.Id)!;
        context.Scope = state.Scope;
        StepOutcome outcome;
        try
        {
            outcome = resume(Activities[step.GetType()], step, state);
        }
        catch (ExpressionException e)
        {
            outcome = new StepOutcome.Failed(e.Message, Retryable: false);
        }
        if (Apply(context, step, state, outcome) is { } next) context.Agenda.Enqueue(new Fiber(state.Scope, next, true));
    }

    private static void TimedOut(AdvanceContext context)
    {
        var policy = context.Definition.Timeout?.Policy ?? TimeoutPolicy.Fail;
        if (policy == TimeoutPolicy.Alert)
        {
            context.Record(HistoryEventTypes.RunTimeoutAlert, context.Run.State.Current);
            return;
        }
        Finish(context, RunStatus.TimedOut, null, $"the run did not finish within {context.Definition.Timeout?.After}", context.Run.State.Current);
    }

    /// <summary>Ends the run: whatever still runs or waits is cancelled, every pending work row dropped.</summary>
    private static void Finish(AdvanceContext context, RunStatus status, JsonNode? output, string? error, string? step)
    {
        var run = context.Run;
        CancelEverything(context);
        run.Status = status;
        run.Output = output;
        run.Error = error is null ? null : new RunError(error, step);
        run.EndedAt = context.Now;
        run.State.Current = null;
        run.State.Ready.Clear();
        run.State.Compensation = null;
        context.ClearWork = true;
        context.Work.Clear();
        context.Agenda.Clear();
        context.Record(status switch
        {
            RunStatus.Completed => HistoryEventTypes.RunCompleted,
            RunStatus.TimedOut => HistoryEventTypes.RunTimedOut,
            _ => HistoryEventTypes.RunFailed,
        }, step, status == RunStatus.Completed ? new JsonObject { ["output"] = output?.DeepClone() } : new JsonObject { ["error"] = error });
        NotifyParent(context);
    }

    /// <summary>The run went past its last step: it completes with the definition's output, or fails if that mapping fails (as at an end step).</summary>
    private static void FinishCompleted(AdvanceContext context)
    {
        JsonNode? output;
        context.Scope = null;
        try
        {
            output = DefaultOutput(context);
        }
        catch (ExpressionException e)
        {
            FailRun(context, "output mapping failed: " + e.Message, null);
            return;
        }
        Finish(context, RunStatus.Completed, output, null, null);
    }
}

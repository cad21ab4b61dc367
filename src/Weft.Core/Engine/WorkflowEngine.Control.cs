using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>
/// Operator control actions: pause, resume, retry and resume-with-errors. Each is a pure function from the run to
/// the checkpoint to write; the caller checks the status first (see <c>RunControl</c>) and commits with the
/// expected version.
/// </summary>
public sealed partial class WorkflowEngine
{
    /// <summary>
    /// A work row of a paused run fell due. An HTTP response of a call that was in flight is applied to its step
    /// (the result is kept), but whatever comes next is only put on the ready list. Every other row (a timer, a
    /// retry, a signal, the run's own timeout, the first advance of a queued run) is parked: the write deletes it
    /// and inserts a copy due at <see cref="WorkUnparked.Parked"/>, which <see cref="Resume"/> makes due at once.
    /// </summary>
    private static RunWrite WhilePaused(RunRecord run, WorkflowDefinition definition, WorkItem item, DateTimeOffset now, System.Text.Json.Nodes.JsonObject? httpResponse)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, definition, now, new ExpressionLimits());
        if (item.Kind == WorkKind.Http)
        {
            if (httpResponse is not null && IsAwaited(run, item, StepStatuses.Running))
            {
                HttpDone(context, item, httpResponse);
                while (context.Agenda.TryDequeue(out var fiber))
                {
                    run.State.Ready.Add(new ReadyFiber(fiber.Scope, fiber.Step));
                    SetCurrent(run, fiber.Scope, KeyOf(fiber.Scope, fiber.Step));
                }
                if (!run.Status.IsFinal()) run.Status = RunStatus.Paused;
            }
        }
        else
        {
            context.Work.Add(new NewWork(Guid.CreateVersion7(now).ToString(), item.Kind, item.Step, item.Attempt, WorkUnparked.Parked, item.Payload, Claimed: false));
        }
        if (context.Events.Count > 0) run.UpdatedAt = now;
        return new RunWrite(run, expected, context.Events, context.Work, item, context.ClearWork) { Effects = context.Effects };
    }

    /// <summary>Pauses a run that has not ended and is not paused: it takes no new step until resumed.</summary>
    public static RunWrite Pause(RunRecord run, DateTimeOffset now, string? reason, string? by, string? idempotencyKey = null)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, null!, now, new ExpressionLimits());
        var control = run.State.Control ??= new ControlState();
        control.PausedFrom = run.Status;
        run.Status = RunStatus.Paused;
        run.UpdatedAt = now;
        Remember(run, "pause", idempotencyKey);
        context.Record(HistoryEventTypes.RunPaused, null, new JsonObject { ["by"] = by, ["reason"] = reason });
        return new RunWrite(run, expected, context.Events, []);
    }

    /// <summary>Resumes a paused run where it stood: the rows it parked become due now, ready blocks go on.</summary>
    public static RunWrite Resume(RunRecord run, DateTimeOffset now, string? reason, string? by, string? idempotencyKey = null)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, null!, now, new ExpressionLimits());
        var control = run.State.Control ??= new ControlState();
        run.Status = control.PausedFrom ?? RunStatus.Running;
        control.PausedFrom = null;
        control.PausedWithParent = false;
        run.UpdatedAt = now;
        Remember(run, "resume", idempotencyKey);
        context.Record(HistoryEventTypes.RunResumed, null, new JsonObject { ["by"] = by, ["reason"] = reason });
        var work = new List<NewWork>();
        if (run.State.Ready.Count > 0)
        {
            // A response that came in while paused left its block ready to go on.
            if (run.Status != RunStatus.Queued) run.Status = RunStatus.Running;
            work.Add(new NewWork(Guid.CreateVersion7(now).ToString(), WorkKind.Advance, null, 0, now, null, Claimed: false));
        }
        return new RunWrite(run, expected, context.Events, work) { Effects = [new WorkUnparked()] };
    }

    /// <summary>
    /// A failed or timed-out run goes on from the step it failed at, with a fresh attempt count; what succeeded is
    /// kept. Returns null when the run has no top-level failed step to go on from (the caller answers 409).
    /// </summary>
    public RunWrite? Retry(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, string? by, string? idempotencyKey = null)
    {
        if (FailedStep(run, definition) is not { } step) return null;
        if (step is ContainerStep && run.State.Find(step.Id) is { } owner && HasStoppedBlocks(run, owner))
            return GoOnAfterFailure(run, definition, now, HistoryEventTypes.RunRetried, step.Id, step.Id, by, idempotencyKey, "retry", context => ReopenBlocks(context, owner));
        return GoOnAfterFailure(run, definition, now, HistoryEventTypes.RunRetried, step.Id, step.Id, by, idempotencyKey, "retry");
    }

    /// <summary>
    /// A failed run goes on past the step it failed at: that step stays failed with its error, the run continues
    /// with the step after it (or completes when it was the last). Null when there is no top-level failed step.
    /// </summary>
    public RunWrite? ResumeWithErrors(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, string? by, string? idempotencyKey = null)
    {
        if (FailedStep(run, definition) is not { } step) return null;
        return GoOnAfterFailure(run, definition, now, HistoryEventTypes.RunResumedWithErrors, step.Id, definition.After(step), by, idempotencyKey, "resume-with-errors");
    }

    /// <summary>The top-level step a failed or timed-out run stopped at (the block's top-level step when it stopped inside one), or null.</summary>
    public static StepDefinition? FailedStep(RunRecord run, WorkflowDefinition definition) =>
        run.Error?.Step is { } key && TopLevel(run, key) is { } state ? definition.Find(state.Id) : null;

    private RunWrite GoOnAfterFailure(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, string type, string failed, string? next, string? by, string? idempotencyKey, string action, Action<AdvanceContext>? start = null)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, definition, now, limits);
        var previous = run.Status;
        run.Status = RunStatus.Running;
        run.Error = null;
        run.Output = null;
        run.EndedAt = null;
        run.UpdatedAt = now;
        run.State.Compensation = null;
        Remember(run, action, idempotencyKey);
        context.Record(type, failed, new JsonObject { ["by"] = by, ["from"] = previous.ToName(), ["next"] = next });
        RearmTimeout(context);
        if (next is null) FinishCompleted(context);
        else
        {
            if (start is not null) start(context);
            else context.Agenda.Enqueue(new Fiber(null, next, true));
            Drive(context);
            RefreshStatus(run, definition);
        }
        if (!run.State.HoldsOutside && (context.Effects.Any(e => e is not (StepsCancelled or Runs.NotifyParent)) || context.Work.Any(w => w.Kind == WorkKind.StartChild)))
            run.State.HoldsOutside = true;
        return new RunWrite(run, expected, context.Events, context.Work, null, context.ClearWork) { Effects = context.Effects };
    }

    /// <summary>Keeps an action's idempotency key in the run's state (written with the action's checkpoint).</summary>
    public static void Remember(RunRecord run, string action, string? idempotencyKey)
    {
        if (idempotencyKey is null) return;
        var keys = (run.State.Control ??= new ControlState()).Keys;
        keys.Add(action + ":" + idempotencyKey);
        if (keys.Count > 100) keys.RemoveAt(0);
    }

    /// <summary>True when this action with this key was applied to the run already.</summary>
    public static bool Seen(RunRecord run, string action, string? idempotencyKey) =>
        idempotencyKey is not null && run.State.Control?.Keys.Contains(action + ":" + idempotencyKey) == true;
}

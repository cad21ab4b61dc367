using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Engine.Activities;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>
/// Advances runs. Pure over its inputs: given a run, its definition, the time and what happened, it
/// changes the run in memory and returns the checkpoint to write. It never touches storage, so a
/// crash before the write repeats only deterministic in-process steps.
/// </summary>
public sealed partial class WorkflowEngine(ExpressionLimits limits)
{
    /// <summary>In-process steps run back to back up to this many before the run yields and is checkpointed.</summary>
    public const int MaxStepsPerAdvance = 1000;

    private static readonly Dictionary<Type, IActivity> Activities = new()
    {
        [typeof(SetStep)] = new SetActivity(),
        [typeof(ScriptStep)] = new ScriptActivity(),
        [typeof(SwitchStep)] = new SwitchActivity(),
        [typeof(HttpStep)] = new HttpActivity(),
        [typeof(DelayStep)] = new DelayActivity(),
        [typeof(UntilStep)] = new DelayActivity(),
        [typeof(FailStep)] = new FailActivity(),
        [typeof(EndStep)] = new EndActivity(),
        [typeof(ParallelStep)] = new ParallelActivity(),
        [typeof(ForEachStep)] = new ForEachActivity(),
        [typeof(WhileStep)] = new WhileActivity(),
        [typeof(EventStep)] = new EventActivity(),
        [typeof(HumanStep)] = new HumanActivity(),
        [typeof(SubworkflowStep)] = new SubworkflowActivity(),
        [typeof(IntegrationStep)] = new IntegrationActivity(),
    };

    /// <summary>A new run, queued, with its first work row already claimed by the writing node.</summary>
    /// <param name="origin">What else the run's <c>RunCreated</c> event records of how it came to be (a schedule's tick).</param>
    public static RunWrite Create(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, string? initiator, JsonObject? origin = null)
    {
        using var context = new AdvanceContext(run, definition, now, new ExpressionLimits());
        run.Status = RunStatus.Queued;
        run.State.Initiator = initiator;
        var created = CreatedData(run, initiator);
        if (run.State.ActingClient is { } client) created["actingClient"] = client;
        foreach (var (key, value) in origin ?? []) created[key] = value?.DeepClone();
        context.Record(HistoryEventTypes.RunCreated, null, created);
        context.Schedule(WorkKind.Advance, null, 0, now);
        if (definition.Timeout is { } t) context.Schedule(WorkKind.RunTimeout, null, 0, now + t.After);
        return new RunWrite(run, null, context.Events, context.Work);
    }

    /// <summary>
    /// A new run, advanced at once as far as it goes without waiting, so that its creation and its first
    /// checkpoint are one transaction: a run of in-process steps only is started and completed by one write.
    /// </summary>
    public RunWrite Start(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, string? initiator, JsonObject? origin = null)
    {
        var created = Create(run, definition, now, initiator, origin);
        var first = created.Work.Single(w => w.Kind == WorkKind.Advance);
        var advanced = Advance(run, definition, new WorkItem(first.Id, run.Id, WorkKind.Advance, null, 0, now, 1, null), now);
        var work = advanced.ClearWork ? advanced.Work : [.. created.Work.Where(w => w != first), .. advanced.Work];
        return new RunWrite(run, null, [.. created.Events, .. advanced.Events], work, null, advanced.ClearWork) { Effects = advanced.Effects };
    }

    /// <summary>Handles one claimed work row. A stale row (the run moved on) gives a write that only deletes it.</summary>
    public RunWrite Advance(RunRecord run, WorkflowDefinition definition, WorkItem item, DateTimeOffset now, JsonObject? httpResponse = null)
    {
        if (item.Kind == WorkKind.Cancel) return CancelledByParent(run, item, now);
        if (run.Status == RunStatus.Paused) return WhilePaused(run, definition, item, now, httpResponse);
        var expected = run.Version;
        using var context = new AdvanceContext(run, definition, now, limits);
        if (!run.Status.IsFinal() && run.Status != RunStatus.Paused)
        {
            switch (item.Kind)
            {
                case WorkKind.Advance:
                    if (run.Status == RunStatus.Queued)
                    {
                        run.Status = RunStatus.Running;
                        context.Record(HistoryEventTypes.RunStarted, null);
                        context.Agenda.Enqueue(new Fiber(null, run.State.RerunOf?.Step ?? definition.Steps[0].Id, true));
                    }
                    else if (run.State.Ready.Count > 0)
                    {
                        // Blocks that yielded go on where they stood.
                        foreach (var ready in run.State.Ready) context.Agenda.Enqueue(new Fiber(ready.Scope, ready.Step, true));
                        run.State.Ready.Clear();
                    }
                    break;
                case WorkKind.Timer when IsAwaited(run, item, StepStatuses.Waiting):
                    context.Record(HistoryEventTypes.TimerFired, item.Step, new JsonObject { ["attempt"] = item.Attempt });
                    TimerFired(context, item);
                    break;
                case WorkKind.Retry when IsAwaited(run, item, StepStatuses.Retrying):
                {
                    var state = run.State.Find(item.Step!)!;
                    context.Agenda.Enqueue(new Fiber(state.Scope, state.Id, false));
                    break;
                }
                case WorkKind.Http when IsAwaited(run, item, StepStatuses.Running) && httpResponse is not null:
                    HttpDone(context, item, httpResponse);
                    break;
                case WorkKind.Signal when IsAwaited(run, item, StepStatuses.Waiting):
                    Resumed(context, item);
                    break;
                case WorkKind.RunTimeout:
                    TimedOut(context);
                    break;
            }
            Drive(context);
            if (!run.Status.IsFinal() && StateProblem(run) is { } tooMuch) FailRun(context, tooMuch, run.State.Current);
            RefreshStatus(run, definition);
        }
        if (context.Events.Count > 0) run.UpdatedAt = now;
        if (!run.State.HoldsOutside && (context.Effects.Any(e => e is not (StepsCancelled or Runs.NotifyParent)) || context.Work.Any(w => w.Kind == WorkKind.StartChild)))
            run.State.HoldsOutside = true;
        return new RunWrite(run, expected, context.Events, context.Work, item, context.ClearWork) { Effects = context.Effects };
    }

    /// <summary>Ends a run at an operator's request; every pending work row of it is dropped.</summary>
    public static RunWrite Terminate(RunRecord run, DateTimeOffset now, string? reason, string? by)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, null!, now, new ExpressionLimits());
        CancelEverything(context);
        run.State.Current = null;
        run.State.Ready.Clear();
        run.State.Compensation = null;
        run.Status = RunStatus.Terminated;
        run.EndedAt = now;
        run.UpdatedAt = now;
        run.Error = new RunError("terminated" + (reason is null ? "" : ": " + reason));
        context.Record(HistoryEventTypes.RunTerminated, null, new JsonObject { ["reason"] = reason, ["by"] = by });
        NotifyParent(context);
        return new RunWrite(run, expected, context.Events, [], null, ClearWork: true) { Effects = context.Effects };
    }

    /// <summary>
    /// Ends, failed with <paramref name="error"/>, a run that could not be advanced (<see cref="Workers.WorkerOptions.MaxAdvanceAttempts"/>):
    /// given the run as last stored, which is known to store. Its compensation, if any, is not run: compensating
    /// would advance the run again.
    /// </summary>
    public static RunWrite FailUnadvanceable(RunRecord run, WorkItem item, DateTimeOffset now, string error)
    {
        var expected = run.Version;
        using var context = new AdvanceContext(run, null!, now, new ExpressionLimits());
        Finish(context, RunStatus.Failed, null, error, run.State.Current);
        run.UpdatedAt = now;
        return new RunWrite(run, expected, context.Events, [], item, ClearWork: true) { Effects = context.Effects };
    }

    internal static JsonNode? DefaultOutput(AdvanceContext context) =>
        context.Definition.Output is { } o ? context.Evaluate(o) : context.Run.State.Vars.DeepClone();

    /// <summary>
    /// Null while the run's variables and step outputs together are within <see cref="ValueLimits.MaxStateBytes"/>;
    /// each value is held to <see cref="ValueLimits.MaxBytes"/> as it enters, but a loop can keep adding them.
    /// </summary>
    private static string? StateProblem(RunRecord run)
    {
        var budget = ValueLimits.MaxStateBytes;
        if (ValueLimits.Size(run.State.Vars, ref budget) is false) return $"the run's variables and step outputs are larger than {ValueLimits.MaxStateBytes / (1024 * 1024)} MiB";
        foreach (var s in run.State.Steps)
            if (s.Output is not null && ValueLimits.Size(s.Output, ref budget) is false)
                return $"the run's variables and step outputs are larger than {ValueLimits.MaxStateBytes / (1024 * 1024)} MiB";
        return null;
    }

    /// <summary>True when the row's step still waits for it: the step's block stands at it, in that status, at that attempt.</summary>
    private static bool IsAwaited(RunRecord run, WorkItem item, string status) =>
        item.Step is not null && run.State.Find(item.Step) is { } s && s.Status == status && s.TotalAttempts == item.Attempt &&
        IsActive(run, s.Scope) && CurrentOf(run, s.Scope) == item.Step;
}

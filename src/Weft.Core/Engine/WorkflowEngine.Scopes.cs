using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Engine.Activities;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>Blocks inside a run: branches of parallel steps, loop iterations, compensations.</summary>
public sealed partial class WorkflowEngine
{
    private static void SetCurrent(RunRecord run, string? scope, string? key)
    {
        if (scope is null) run.State.Current = key;
        else if (run.State.FindScope(scope) is { } s) s.Current = key;
    }

    private static string? CurrentOf(RunRecord run, string? scope) => scope is null ? run.State.Current : run.State.FindScope(scope)?.Current;

    private static bool IsActive(RunRecord run, string? scope) => scope is null || run.State.FindScope(scope) is { Status: StepStatuses.Running };

    /// <summary>Starts a block owned by <paramref name="owner"/>; it runs later in this same advance.</summary>
    internal static void StartScope(AdvanceContext context, StepState owner, string kind, string suffix, IReadOnlyList<StepDefinition> steps, string? name = null, int? index = null, JsonNode? item = null)
    {
        var key = owner.Key + "[" + suffix + "]";
        var scope = new ScopeState { Key = key, Kind = kind, Owner = owner.Key, Name = name, Index = index, Item = item?.DeepClone() };
        context.Run.State.Scopes.Add(scope);
        context.Record(kind switch { "branch" => HistoryEventTypes.BranchStarted, "iteration" => HistoryEventTypes.IterationStarted, _ => HistoryEventTypes.CompensationStarted }, owner.Key,
            new JsonObject { ["scope"] = key });
        context.Agenda.Enqueue(new Fiber(key, steps[0].Id, true));
    }

    /// <summary>Forgets the blocks a container ran before (an earlier attempt or execution of it), and their steps.</summary>
    internal static void ResetScopes(AdvanceContext context, StepState owner)
    {
        var prefix = owner.Key + "[";
        context.Run.State.Scopes.RemoveAll(s => s.Key.StartsWith(prefix, StringComparison.Ordinal));
        context.Run.State.Steps.RemoveAll(s => s.Scope is not null && s.Scope.StartsWith(prefix, StringComparison.Ordinal));
        context.StateChanged();
    }

    /// <summary>A block ran off its end (<paramref name="failed"/> null) or failed: its owner decides what follows.</summary>
    private static void EndOfBlock(AdvanceContext context, string? scopeKey, StepState? last, string? failed)
    {
        var run = context.Run;
        if (scopeKey is null)
        {
            if (failed is not null) FailRun(context, failed, last?.Key);
            else FinishCompleted(context);
            return;
        }
        var scope = run.State.FindScope(scopeKey);
        if (scope is not { Status: StepStatuses.Running }) return;
        scope.Status = failed is null ? StepStatuses.Completed : StepStatuses.Failed;
        scope.Error = failed;
        scope.Output = failed is null ? last?.Output?.DeepClone() : null;
        scope.Current = null;
        context.Record(failed is null ? HistoryEventTypes.ScopeCompleted : HistoryEventTypes.ScopeFailed, scope.Owner, new JsonObject { ["scope"] = scope.Key, ["error"] = failed });
        if (scope.Kind == "compensation")
        {
            CompensationEnded(context, scope);
            return;
        }
        if (run.State.Find(scope.Owner) is not { Status: StepStatuses.Running } owner) return;
        var container = (ContainerStep)context.Definition.Find(owner.Id)!;
        var children = run.State.Scopes.Where(s => s.Owner == owner.Key).ToList();
        context.Scope = owner.Scope;
        switch (container)
        {
            case ParallelStep p:
                BranchEnded(context, p, owner, scope, children);
                break;
            case ForEachStep f:
                IterationEnded(context, f, owner, scope, children);
                break;
            case WhileStep w:
                WhileIterationEnded(context, w, owner, scope, children);
                break;
        }
    }

    private static void BranchEnded(AdvanceContext context, ParallelStep p, StepState owner, ScopeState ended, List<ScopeState> children)
    {
        if (ended.Status == StepStatuses.Failed && !p.ContinueOnError)
        {
            ContainerFailed(context, p, owner, children, $"branch '{ended.Name}' failed: {ended.Error}");
            return;
        }
        var completed = children.Count(s => s.Status == StepStatuses.Completed);
        var running = children.Count(s => s.Status == StepStatuses.Running);
        var need = p.Join.Count ?? p.Branches.Count;
        if (completed < need && running > 0) return;
        if (completed >= need || (p.Join.Count is null && p.ContinueOnError))
        {
            var output = new JsonObject();
            foreach (var b in children.Where(s => s.Status != StepStatuses.Running))
                output[b.Name!] = b.Status == StepStatuses.Completed ? b.Output?.DeepClone() : new JsonObject { ["error"] = b.Error };
            ContainerCompleted(context, owner, children, output);
        }
        else
        {
            ContainerFailed(context, p, owner, children, $"only {completed} of {p.Branches.Count} branches completed; the join needs {need}");
        }
    }

    private static void IterationEnded(AdvanceContext context, ForEachStep f, StepState owner, ScopeState ended, List<ScopeState> children)
    {
        if (ended.Status == StepStatuses.Failed && !f.ContinueOnError)
        {
            ContainerFailed(context, f, owner, children, $"iteration {ended.Index} failed: {ended.Error}");
            return;
        }
        var items = owner.Items ?? [];
        if ((owner.Started ?? 0) < items.Count)
        {
            var index = owner.Started ?? 0;
            owner.Started = index + 1;
            StartScope(context, owner, "iteration", index.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Steps, index: index, item: items[index]);
            return;
        }
        if (children.Any(s => s.Status == StepStatuses.Running)) return;
        var output = new JsonArray();
        foreach (var s in children.OrderBy(s => s.Index)) output.Add(s.Status == StepStatuses.Completed ? s.Output?.DeepClone() : null);
        ContainerCompleted(context, owner, children, output);
    }

    private static void WhileIterationEnded(AdvanceContext context, WhileStep w, StepState owner, ScopeState ended, List<ScopeState> children)
    {
        if (ended.Status == StepStatuses.Failed)
        {
            ContainerFailed(context, w, owner, children, $"iteration {ended.Index} failed: {ended.Error}");
            return;
        }
        // Iterations started so far: older ones may have been forgotten (below), so the scopes alone do not count them.
        var done = owner.Started ?? children.Count;
        bool again;
        try
        {
            again = SwitchActivity.Truthy(context.EvaluateAtIndex(w.Condition, done));
        }
        catch (ExpressionException e)
        {
            ContainerFailed(context, w, owner, children, "condition failed: " + e.Message);
            return;
        }
        if (!again)
        {
            ContainerCompleted(context, owner, children, new JsonObject { ["iterations"] = done, ["output"] = ended.Output?.DeepClone() });
            return;
        }
        if (done >= w.MaxIterations)
        {
            ContainerFailed(context, w, owner, children, $"the condition still held after {w.MaxIterations} iterations (maxIterations)");
            return;
        }
        ForgetOldIterations(context, children);
        owner.Started = done + 1;
        StartScope(context, owner, "iteration", done.ToString(System.Globalization.CultureInfo.InvariantCulture), w.Steps, index: done);
    }

    /// <summary>The iterations of a <c>while</c> whose details (scope and steps) are kept; older ones are forgotten.</summary>
    public const int KeptWhileIterations = 100;

    /// <summary>
    /// Forgets the oldest ended iterations of a <c>while</c> past <see cref="KeptWhileIterations"/>, with their steps and
    /// nested blocks, so that a loop's state (and so the cost of each turn) does not grow with the turns before it.
    /// </summary>
    private static void ForgetOldIterations(AdvanceContext context, List<ScopeState> children)
    {
        if (children.Count < KeptWhileIterations) return;
        var state = context.Run.State;
        foreach (var old in children.Where(c => c.Status != StepStatuses.Running).OrderBy(c => c.Index).Take(children.Count - KeptWhileIterations + 1))
        {
            var key = old.Key;
            state.Scopes.RemoveAll(sc => sc.Key.StartsWith(key, StringComparison.Ordinal));
            state.Steps.RemoveAll(st => st.Scope is not null && st.Scope.StartsWith(key, StringComparison.Ordinal));
        }
        context.StateChanged();
    }

    private static void ContainerCompleted(AdvanceContext context, StepState owner, List<ScopeState> children, JsonNode? output)
    {
        foreach (var s in children.Where(s => s.Status == StepStatuses.Running)) CancelScope(context, s.Key);
        if (Complete(context, owner, output, null) is { } next) context.Agenda.Enqueue(new Fiber(owner.Scope, next, true));
    }

    private static void ContainerFailed(AdvanceContext context, StepDefinition step, StepState owner, List<ScopeState> children, string error)
    {
        foreach (var s in children.Where(s => s.Status == StepStatuses.Running)) CancelScope(context, s.Key);
        if (StepFailed(context, step, owner, error, retryable: true) is { } next) context.Agenda.Enqueue(new Fiber(owner.Scope, next, true));
    }

    /// <summary>Cancels a block and every block nested in it; their waiting steps are closed by the store (<see cref="StepsCancelled"/>).</summary>
    private static void CancelScope(AdvanceContext context, string key)
    {
        var keys = new List<string>();
        foreach (var s in context.Run.State.Scopes)
        {
            if (s.Status != StepStatuses.Running || !(s.Key == key || s.Key.StartsWith(key + "/", StringComparison.Ordinal))) continue;
            s.Status = StepStatuses.Cancelled;
            if (s.Current is { } current && context.Run.State.Find(current) is { EndedAt: null } state)
            {
                CancelStep(context, state);
                keys.Add(current);
            }
            s.Current = null;
        }
        context.Run.State.Ready.RemoveAll(r => r.Scope is not null && (r.Scope == key || r.Scope.StartsWith(key + "/", StringComparison.Ordinal)));
        if (keys.Count > 0) context.Effects.Add(new StepsCancelled(keys));
    }

    private static void CancelStep(AdvanceContext context, StepState state)
    {
        if (state.Status is StepStatuses.Completed or StepStatuses.Failed or StepStatuses.Cancelled) return;
        state.Status = StepStatuses.Cancelled;
        state.EndedAt = context.Now;
        state.DueAt = null;
        context.Record(HistoryEventTypes.StepCancelled, state.Key);
    }

    /// <summary>The run ends: the step it stood at and every running block are cancelled.</summary>
    private static void CancelEverything(AdvanceContext context)
    {
        var run = context.Run;
        foreach (var s in run.State.Scopes.Where(s => s.Status == StepStatuses.Running))
        {
            s.Status = StepStatuses.Cancelled;
            if (s.Current is { } c && run.State.Find(c) is { EndedAt: null } st) CancelStep(context, st);
            s.Current = null;
        }
        if (run.State.Current is { } current && run.State.Find(current) is { EndedAt: null } state) CancelStep(context, state);
    }

    /// <summary>
    /// The run fails. When completed steps have compensation steps, those run first, last completed first;
    /// the run then ends failed with the original error.
    /// </summary>
    private static void FailRun(AdvanceContext context, string error, string? step)
    {
        var run = context.Run;
        if (run.State.Compensation is null)
        {
            var pending = run.State.Steps
                .Where(s => s.Status == StepStatuses.Completed && context.Definition.Find(s.Id) is { Compensate.Count: > 0 })
                .OrderByDescending(s => s.EndedAt).ThenByDescending(s => run.State.Steps.IndexOf(s))
                .Select(s => s.Key).ToList();
            if (pending.Count > 0)
            {
                CancelEverything(context);
                run.State.Current = null;
                run.State.Ready.Clear();
                run.State.Compensation = new CompensationState { Error = error, Step = step, Pending = pending };
                context.Record(HistoryEventTypes.CompensationRequired, step, new JsonObject { ["error"] = error, ["steps"] = new JsonArray([.. pending.Select(p => (JsonNode?)p)]) });
                NextCompensation(context);
                return;
            }
        }
        var failures = run.State.Compensation?.Failures;
        Finish(context, RunStatus.Failed, null, failures is { Count: > 0 } ? $"{error} (compensation failed: {string.Join("; ", failures)})" : error, run.State.Compensation?.Step ?? step);
    }

    private static void NextCompensation(AdvanceContext context)
    {
        var comp = context.Run.State.Compensation!;
        if (comp.Pending.Count == 0)
        {
            FailRun(context, comp.Error, comp.Step);
            return;
        }
        var key = comp.Pending[0];
        comp.Pending.RemoveAt(0);
        var state = context.Run.State.Find(key)!;
        var step = context.Definition.Find(state.Id)!;
        context.Run.State.Scopes.RemoveAll(s => s.Key == key + "[compensate]");
        context.Run.State.Steps.RemoveAll(s => s.Scope == key + "[compensate]");
        StartScope(context, state, "compensation", "compensate", step.Compensate);
    }

    private static void CompensationEnded(AdvanceContext context, ScopeState scope)
    {
        if (context.Run.State.Compensation is not { } comp) return;
        if (scope.Status == StepStatuses.Failed) comp.Failures.Add($"{scope.Owner}: {scope.Error}");
        NextCompensation(context);
    }

    /// <summary>Running while some block is at a step that works (an HTTP call in flight) or is ready to go on; else waiting.</summary>
    private static void RefreshStatus(RunRecord run, WorkflowDefinition definition)
    {
        if (run.Status is not (RunStatus.Running or RunStatus.Waiting)) return;
        var busy = run.State.Ready.Count > 0 || IsBusy(run, definition, run.State.Current) ||
            run.State.Scopes.Any(s => s.Status == StepStatuses.Running && IsBusy(run, definition, s.Current));
        run.Status = busy ? RunStatus.Running : RunStatus.Waiting;
    }

    private static bool IsBusy(RunRecord run, WorkflowDefinition definition, string? key) =>
        key is not null && run.State.Find(key) is { Status: StepStatuses.Running } s && definition.Find(s.Id) is not ContainerStep;
}

using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>forEach</c>: evaluates its items once and starts up to <c>concurrency</c> iterations; each ended iteration
/// starts the next, and the step completes with every iteration's output in item order.
/// </summary>
internal sealed class ForEachActivity : IActivity
{
    /// <summary>The most items one forEach step takes: every iteration is kept in the run's state.</summary>
    public const int MaxItems = 10_000;

    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var loop = (ForEachStep)step;
        if (context.Evaluate(loop.Items) is not JsonArray items)
            return new StepOutcome.Failed("items is not an array", Retryable: false);
        if (items.Count > MaxItems)
            return new StepOutcome.Failed($"items has {items.Count} entries; a forEach step takes at most {MaxItems}", Retryable: false);
        WorkflowEngine.ResetScopes(context, state);
        if (items.Count == 0) return new StepOutcome.Completed(new JsonArray());
        state.Items = (JsonArray)items.DeepClone();
        var first = Math.Min(loop.Concurrency, items.Count);
        state.Started = first;
        for (var i = 0; i < first; i++)
            WorkflowEngine.StartScope(context, state, "iteration", i.ToString(CultureInfo.InvariantCulture), loop.Steps, index: i, item: items[i]);
        return new StepOutcome.Suspended(StepStatuses.Running, RunStatus.Running, null, null);
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>while</c>: when its condition holds, runs its steps as iteration 0; after each iteration the engine checks the
/// condition again and starts the next, up to <c>maxIterations</c>.
/// </summary>
internal sealed class WhileActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var loop = (WhileStep)step;
        WorkflowEngine.ResetScopes(context, state);
        if (!SwitchActivity.Truthy(context.EvaluateAtIndex(loop.Condition, 0)))
            return new StepOutcome.Completed(new JsonObject { ["iterations"] = 0, ["output"] = null });
        state.Started = 1;
        WorkflowEngine.StartScope(context, state, "iteration", "0", loop.Steps, index: 0);
        return new StepOutcome.Suspended(StepStatuses.Running, RunStatus.Running, null, null);
    }
}

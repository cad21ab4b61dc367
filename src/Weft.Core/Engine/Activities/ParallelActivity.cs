using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>parallel</c>: starts every branch; the engine completes the step when its join is met (see WorkflowEngine.Scopes).</summary>
internal sealed class ParallelActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var parallel = (ParallelStep)step;
        WorkflowEngine.ResetScopes(context, state);
        foreach (var branch in parallel.Branches)
            WorkflowEngine.StartScope(context, state, "branch", branch.Name, branch.Steps, name: branch.Name);
        return new StepOutcome.Suspended(StepStatuses.Running, RunStatus.Running, null, null);
    }
}

using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>end</c>: completes the run, with this step's output or else the definition's.</summary>
internal sealed class EndActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var end = (EndStep)step;
        var output = end.RunOutput is not null ? context.Evaluate(end.RunOutput) : WorkflowEngine.DefaultOutput(context);
        return new StepOutcome.Finish(RunStatus.Completed, output, null);
    }
}

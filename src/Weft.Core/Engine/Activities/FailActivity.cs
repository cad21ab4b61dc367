using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>fail</c>: ends the run as failed with the given error.</summary>
internal sealed class FailActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var error = context.Evaluate(((FailStep)step).Error);
        var text = error is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : error?.ToJsonString() ?? "failed";
        return new StepOutcome.Finish(RunStatus.Failed, null, text);
    }
}

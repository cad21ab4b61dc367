using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>script</c>: runs JavaScript; what it returns is its output, and changes it makes to <c>vars</c> are kept.</summary>
internal sealed class ScriptActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var sandbox = context.Sandbox;
        var result = sandbox.Evaluate(((ScriptStep)step).Code);
        // The script may have changed vars; its JavaScript value is current already, so only the JSON side is updated.
        if (sandbox.GetGlobal("vars") is System.Text.Json.Nodes.JsonObject vars)
        {
            context.VarsReplaced(context.Run.State.Vars, vars);
            context.Run.State.Vars = vars;
        }
        return new StepOutcome.Completed(result);
    }
}

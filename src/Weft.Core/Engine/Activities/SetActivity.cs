using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>set</c>: assigns variables; its output is the values it set.</summary>
internal sealed class SetActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var values = new JsonObject();
        foreach (var (name, template) in ((SetStep)step).Values)
        {
            var value = context.Evaluate(template);
            values[name] = value;
            context.Run.State.Vars[name] = value?.DeepClone();
            context.VarSet(name, value);
            context.StateChanged();
        }
        return new StepOutcome.Completed(values);
    }
}

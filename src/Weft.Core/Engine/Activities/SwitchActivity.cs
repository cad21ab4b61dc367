using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>switch</c>: goes to the first case whose <c>when</c> is truthy, else to <c>default</c>, else on.</summary>
internal sealed class SwitchActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var sw = (SwitchStep)step;
        for (var i = 0; i < sw.Cases.Count; i++)
        {
            if (Truthy(context.Evaluate(sw.Cases[i].When)))
                return new StepOutcome.Completed(new JsonObject { ["case"] = i, ["goto"] = sw.Cases[i].Goto }, sw.Cases[i].Goto);
        }
        return new StepOutcome.Completed(new JsonObject { ["case"] = null, ["goto"] = sw.Default }, sw.Default);
    }

    /// <summary>JavaScript's truthiness over a JSON value.</summary>
    internal static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0 && !double.IsNaN(d),
        JsonValue v when v.TryGetValue<long>(out var l) => l != 0,
        _ => true,
    };
}

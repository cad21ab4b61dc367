using Weft.Core.Definitions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    private SubworkflowStep? ReadSubworkflow(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "definition", "version", "input"], c.Id);
        var definition = String(map, "definition", required: true);
        var version = Int(map, "version");
        if (version is < 1) Add(Child(map, "version")!, "'version' must be a positive whole number", "version");
        var input = Child(map, "input") is { } i ? Template(i, "input") : null;
        if (input is { IsConstant: true } && input.Evaluate(null!) is not System.Text.Json.Nodes.JsonObject)
            Add(Child(map, "input")!, "'input' must be a mapping (the child's input object) or an expression giving one", "input");
        if (definition is null) return null;
        return c.Fill(new SubworkflowStep
        {
            Id = c.Id,
            Definition = definition,
            Version = version,
            Input = input,
        });
    }
}

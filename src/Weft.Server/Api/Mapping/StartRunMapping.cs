using System.Text.Json;
using Weft.Contracts.Runs;
using Weft.Core.Commands;

namespace Weft.Server.Api.Mapping;

/// <summary>The native start body (<see cref="StartRunRequest"/>, bound and shape-checked) as the one start command; what its values may be is the command's to check.</summary>
internal static class StartRunMapping
{
    public static StartRun ToCommand(string ns, StartRunRequest body) => new()
    {
        Namespace = ns,
        Definition = body.Definition,
        Version = body.Version,
        DefinitionId = body.DefinitionId,
        Input = body.Input,
        Variables = Variables(body.Variables),
        Tags = body.Tags,
        BusinessKey = body.BusinessKey,
        Case = body.Case,
        ParameterSet = body.ParameterSet,
        RunId = body.RunId,
    };

    private static List<TypedVariable>? Variables(IReadOnlyList<StartVariable>? items)
    {
        if (items is null) return null;
        var vars = new List<TypedVariable>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"variables[{i}]";
            var item = items[i] ?? throw new BadRequestException($"'{at}' must be an object {{ \"name\", \"value\", \"type\" }}.", at);
            if (item.Id is { } id && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                throw new BadRequestException($"'{at}.id' must be a string or a number.", $"{at}.id");
            vars.Add(new TypedVariable(item.Name, item.Value, item.Type));
        }
        return vars;
    }
}

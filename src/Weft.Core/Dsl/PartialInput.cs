using System.Text.Json.Nodes;
using Weft.Core.Definitions;

namespace Weft.Core.Dsl;

/// <summary>Checks part of a run's input (a parameter set): each field given must be an input and fit its type; none is required.</summary>
public static class PartialInput
{
    /// <summary>Throws <see cref="InputException"/> listing every wrong field.</summary>
    public static void Check(WorkflowDefinition definition, JsonObject input)
    {
        var problems = new List<DefinitionProblem>();
        foreach (var (name, value) in input)
        {
            var field = definition.Inputs.FirstOrDefault(f => f.Name == name);
            if (field is null) problems.Add(new DefinitionProblem($"'{name}' is not an input of '{definition.Name}'", Field: name));
            else if (value is not null && InputValidator.Check(field, value) is { } problem) problems.Add(new DefinitionProblem($"'{name}' {problem}", Field: name));
        }
        if (problems.Count > 0) throw new InputException(problems);
    }
}

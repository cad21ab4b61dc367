using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Core.Definitions;

using Weft.Core.Runs;

namespace Weft.Core.Dsl;

/// <summary>Checks a run's input against the definition's typed input and fills in defaults.</summary>
public static class InputValidator
{
    /// <summary>Returns the input to store (defaults applied); throws <see cref="InputException"/> listing every wrong field.</summary>
    public static JsonObject Validate(WorkflowDefinition definition, JsonObject? input)
    {
        input ??= [];
        // Checked before anything walks it: a value over the limits could not be stored in the run's state.
        if (ValueLimits.Problem(input, "the input") is { } tooMuch) throw new InputException([new DefinitionProblem(tooMuch)]);
        var problems = new List<DefinitionProblem>();
        var result = new JsonObject();
        foreach (var field in definition.Inputs)
        {
            var present = input.TryGetPropertyValue(field.Name, out var value);
            if (!present || value is null)
            {
                if (field.Default is not null) result[field.Name] = field.Default.DeepClone();
                else if (field.Required) problems.Add(new DefinitionProblem($"'{field.Name}' is required", Field: field.Name));
                continue;
            }
            if (Check(field, value) is { } problem) problems.Add(new DefinitionProblem($"'{field.Name}' {problem}", Field: field.Name));
            else result[field.Name] = value.DeepClone();
        }
        foreach (var (name, _) in input)
        {
            if (!definition.Inputs.Any(f => f.Name == name))
                problems.Add(new DefinitionProblem($"'{name}' is not an input of '{definition.Name}'", Field: name));
        }
        if (problems.Count > 0) throw new InputException(problems);
        return result;
    }

    /// <summary>Null when <paramref name="value"/> fits the field's type, otherwise what is wrong.</summary>
    public static string? Check(InputField field, JsonNode value)
    {
        var kind = value.GetValueKind();
        return field.Type switch
        {
            InputType.String when kind != JsonValueKind.String => $"must be a string, not {Describe(kind)}",
            InputType.Number when kind != JsonValueKind.Number => $"must be a number, not {Describe(kind)}",
            InputType.Integer when kind != JsonValueKind.Number || !IsInteger(value) => "must be a whole number",
            InputType.Decimal when !IsDecimal(value, kind) => "must be a decimal number (a JSON number or a string such as \"12.50\")",
            InputType.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => $"must be true or false, not {Describe(kind)}",
            InputType.DateTime when kind != JsonValueKind.String || !DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) => "must be an ISO 8601 date and time",
            InputType.Object when kind != JsonValueKind.Object => $"must be an object, not {Describe(kind)}",
            InputType.Array when kind != JsonValueKind.Array => $"must be an array, not {Describe(kind)}",
            _ => null,
        };
    }

    private static bool IsInteger(JsonNode value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && decimal.Truncate(d) == d;

    private static bool IsDecimal(JsonNode value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        JsonValueKind.String => decimal.TryParse(value.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}

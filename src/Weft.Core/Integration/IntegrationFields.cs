using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Dsl;

namespace Weft.Core.Integration;

/// <summary>
/// An item's fields as stored and as workers see them: a list of <c>{ key, label, type, value, readonly, required }</c>
/// (the shape of reference 002's fields, with the value as JSON rather than JSON in a string).
/// </summary>
public static class IntegrationFields
{
    public static string TypeName(InputType type) => type switch
    {
        InputType.DateTime => "datetime",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static InputType? ParseType(string? name) =>
        Enum.GetValues<InputType>().Cast<InputType?>().FirstOrDefault(t => TypeName(t!.Value) == name);

    public static JsonObject Describe(IntegrationField field, JsonNode? value) => new()
    {
        ["key"] = field.Key,
        ["label"] = field.Label ?? field.Key,
        ["type"] = TypeName(field.Type),
        ["value"] = value?.DeepClone(),
        ["readonly"] = !field.Output,
        ["required"] = field.Required,
    };

    /// <summary>Null when <paramref name="value"/> fits the field (null always does), otherwise what is wrong.</summary>
    public static string? Check(JsonObject field, JsonNode? value)
    {
        if (value is null) return null;
        var type = ParseType(field["type"]?.GetValue<string>()) ?? InputType.Object;
        return InputValidator.Check(new InputField(field["key"]!.GetValue<string>(), type, false, null, null), value);
    }

    /// <summary>The fields as one object of key to value (the step's output).</summary>
    public static JsonObject Values(JsonArray fields)
    {
        var values = new JsonObject();
        foreach (var f in fields.OfType<JsonObject>()) values[f["key"]!.GetValue<string>()] = f["value"]?.DeepClone();
        return values;
    }
}

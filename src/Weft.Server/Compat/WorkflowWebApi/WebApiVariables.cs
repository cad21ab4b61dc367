using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Core.Commands;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>
/// <c>variables</c> as the page prints them, <c>[{"id":"V123","name":"EmployeeID","value":361,"type":"number"}]</c>: each
/// becomes a typed run variable (<c>vars.EmployeeID</c>); the type's word is the designer's, mapped onto Weft's types.
/// </summary>
internal static class WebApiVariables
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["number"] = "number", ["string"] = "string", ["text"] = "string",
        ["boolean"] = "boolean", ["bool"] = "boolean",
        ["datetime"] = "datetime", ["date"] = "datetime",
        ["decimal"] = "decimal", ["integer"] = "integer", ["int"] = "integer",
        ["object"] = "object", ["array"] = "array",
    };

    public static List<TypedVariable> Read(JsonObject body)
    {
        var list = new List<TypedVariable>();
        var node = WebApiBody.Field(body, "variables");
        if (node is null) return list;
        // A client that serialised the array into a string (as form posts do) is read the same.
        if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                node = JsonNode.Parse(s.GetValue<string>());
            }
            catch (JsonException)
            {
                throw new InvalidFieldException("'variables' must be an array of { id, name, value, type }.", "variables");
            }
        }
        if (node is not JsonArray items) throw new InvalidFieldException("'variables' must be an array of { id, name, value, type }.", "variables");
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"variables[{i}]";
            if (items[i] is not JsonObject item) throw new InvalidFieldException($"'{at}' must be an object {{ id, name, value, type }}.", at);
            var name = WebApiBody.Field(item, "name") is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
            if (string.IsNullOrWhiteSpace(name)) throw new InvalidFieldException($"'{at}.name' is required: the variable's name.", $"{at}.name");
            string? type = null;
            if (WebApiBody.Field(item, "type") is { } t)
            {
                var word = t is JsonValue tv && tv.GetValueKind() == JsonValueKind.String ? tv.GetValue<string>() : null;
                type = word is not null && Types.TryGetValue(word.Trim(), out var mapped)
                    ? mapped
                    : throw new InvalidFieldException($"Variable '{name}': type '{t.ToJsonString()}' is not one of number, string, boolean, datetime, decimal, integer, object, array.", $"{at}.type");
            }
            list.Add(new TypedVariable(name, WebApiBody.Field(item, "value")?.DeepClone(), type));
        }
        return list;
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Commands;

namespace Weft.Server.Api;

/// <summary>
/// Reads the body of <c>POST .../runs</c> into a <see cref="StartRun"/>: only the JSON shape of each field is checked
/// here (a string, an object, an array); what the values may be is the command's (<see cref="StartRunValidation"/>).
/// </summary>
internal static class StartRunReader
{
    private static readonly string[] Fields = ["definition", "version", "definitionId", "input", "variables", "tags", "businessKey", "case", "parameterSet", "runId"];

    public static StartRun Read(string ns, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!Fields.Contains(name, StringComparer.Ordinal))
                throw new BadRequestException(
                    $"Unknown field '{name}' in the start body (it takes {string.Join(", ", Fields)}); a run's input goes under 'input': {{ \"definition\": \"...\", \"input\": {{ \"{name}\": ... }} }}.",
                    name);
        }
        return new StartRun
        {
            Namespace = ns,
            Definition = Text(body, "definition"),
            DefinitionId = Text(body, "definitionId"),
            Version = body["version"] is null ? null : body["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : throw new BadRequestException("'version' must be a positive whole number.", "version"),
            Input = body["input"] switch
            {
                null => null,
                JsonObject o => o,
                _ => throw new BadRequestException("'input' must be a JSON object.", "input"),
            },
            Variables = Variables(body["variables"]),
            Tags = Tags(body["tags"]),
            BusinessKey = Text(body, "businessKey"),
            Case = Text(body, "case"),
            ParameterSet = Text(body, "parameterSet"),
            RunId = Text(body, "runId"),
        };
    }

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => throw new BadRequestException(field == "definition" ? "'definition' is required: the name of a deployed definition." : $"'{field}' must be a string.", field),
    };

    private static Dictionary<string, string>? Tags(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonObject o) throw new BadRequestException("'tags' must be an object of string keys to string values.", "tags");
        if (o.Count > StartRunValidation.MaxTags) throw new BadRequestException($"'tags' may hold at most {StartRunValidation.MaxTags} entries.", "tags");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            tags[k] = v is JsonValue jv && jv.TryGetValue<string>(out var text)
                ? text
                : throw new BadRequestException($"Tag '{k}' must have a string value.", $"tags.{k}");
        }
        return tags;
    }

    private static List<TypedVariable>? Variables(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonArray items) throw new BadRequestException("'variables' must be an array of { \"name\", \"value\", \"type\" }.", "variables");
        if (items.Count > StartRunValidation.MaxVariables) throw new BadRequestException($"'variables' may hold at most {StartRunValidation.MaxVariables} entries.", "variables");
        var vars = new List<TypedVariable>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"variables[{i}]";
            if (items[i] is not JsonObject item) throw new BadRequestException($"'{at}' must be an object {{ \"name\", \"value\", \"type\" }}.", at);
            if (item["id"] is { } id && (id is not JsonValue idv || !(idv.TryGetValue<string>(out _) || idv.TryGetValue<long>(out _))))
                throw new BadRequestException($"'{at}.id' must be a string or a number.", $"{at}.id");
            var name = item["name"] is null ? null
                : item["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) ? n
                : throw new BadRequestException($"'{at}.name' is required: a non-empty string.", $"{at}.name");
            var type = item["type"] is null ? null
                : item["type"] is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts
                : throw new BadRequestException($"'{at}.type' must be one of {string.Join(", ", StartRunValidation.VariableTypes)}.", $"{at}.type");
            vars.Add(new TypedVariable(name, item["value"], type));
        }
        return vars;
    }
}

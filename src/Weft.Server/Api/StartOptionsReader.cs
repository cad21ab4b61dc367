using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Core.Services;

namespace Weft.Server.Api;

/// <summary>Reads the <c>tags</c>, <c>businessKey</c> and typed <c>variables</c> of a start request.</summary>
internal static class StartOptionsReader
{
    public const int MaxTags = 20;
    public const int MaxTagKey = 64;
    public const int MaxTagValue = 256;
    public const int MaxBusinessKey = 200;

    private static readonly string[] Types = ["string", "number", "integer", "boolean", "object", "array", "datetime", "decimal"];

    public static RunStartOptions? Read(JsonObject body)
    {
        var tags = Tags(body["tags"]);
        var key = BusinessKey(body["businessKey"]);
        var vars = Variables(body["variables"]);
        return tags is null && key is null && vars is null ? null : new RunStartOptions(tags, key, vars);
    }

    private static Dictionary<string, string>? Tags(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonObject o) throw new BadRequestException("'tags' must be an object of string keys to string values.", "tags");
        if (o.Count > MaxTags) throw new BadRequestException($"'tags' may hold at most {MaxTags} entries.", "tags");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            if (k.Length is 0 or > MaxTagKey || k.Contains(':', StringComparison.Ordinal))
                throw new BadRequestException($"A tag key must be 1 to {MaxTagKey} characters without ':'.", "tags");
            if (v is not JsonValue jv || !jv.TryGetValue<string>(out var text))
                throw new BadRequestException($"Tag '{k}' must have a string value.", $"tags.{k}");
            if (text.Length > MaxTagValue)
                throw new BadRequestException($"Tag '{k}' is longer than {MaxTagValue} characters.", $"tags.{k}");
            tags[k] = text;
        }
        return tags;
    }

    private static string? BusinessKey(JsonNode? node)
    {
        if (node is null) return null;
        return node is JsonValue v && v.TryGetValue<string>(out var key) && key.Length is > 0 and <= MaxBusinessKey
            ? key
            : throw new BadRequestException($"'businessKey' must be a string of 1 to {MaxBusinessKey} characters.", "businessKey");
    }

    private static JsonObject? Variables(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonArray items) throw new BadRequestException("'variables' must be an array of { \"name\", \"value\", \"type\" }.", "variables");
        var vars = new JsonObject();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"variables[{i}]";
            if (items[i] is not JsonObject item) throw new BadRequestException($"'{at}' must be an object {{ \"name\", \"value\", \"type\" }}.", at);
            if (item["id"] is { } id && (id is not JsonValue idv || !(idv.TryGetValue<string>(out _) || idv.TryGetValue<long>(out _))))
                throw new BadRequestException($"'{at}.id' must be a string or a number.", $"{at}.id");
            var name = item["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) && n.Length > 0
                ? n
                : throw new BadRequestException($"'{at}.name' is required: a non-empty string.", $"{at}.name");
            if (vars.ContainsKey(name)) throw new BadRequestException($"Variable '{name}' is given twice.", $"{at}.name");
            string? type = null;
            if (item["type"] is { } t)
            {
                type = t is JsonValue tv && tv.TryGetValue<string>(out var ts) && Types.Contains(ts.ToLowerInvariant())
                    ? ts.ToLowerInvariant()
                    : throw new BadRequestException($"'{at}.type' must be one of {string.Join(", ", Types)}.", $"{at}.type");
            }
            var value = item["value"];
            if (type is not null && !Fits(value, type))
                throw new BadRequestException($"'{at}.value' is not a {type}.", $"{at}.value");
            vars[name] = value?.DeepClone();
        }
        return vars;
    }

    private static bool Fits(JsonNode? value, string type)
    {
        if (value is null) return true;
        var kind = value.GetValueKind();
        return type switch
        {
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d),
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "datetime" => kind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            "decimal" => kind == JsonValueKind.Number
                || (kind == JsonValueKind.String && decimal.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
            _ => false,
        };
    }
}

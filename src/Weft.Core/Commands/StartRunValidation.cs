using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Core.Commands;

/// <summary>What a <see cref="StartRun"/> may hold, and the messages when it does not fit (field names as the native API's body has them).</summary>
public static class StartRunValidation
{
    public const int MaxTags = 20;
    public const int MaxTagKey = 64;
    public const int MaxTagValue = 256;
    public const int MaxBusinessKey = 200;
    public const int MaxId = 200;
    public const int MaxVariables = 1000;

    public static readonly IReadOnlyList<string> VariableTypes = ["string", "number", "integer", "boolean", "object", "array", "datetime", "decimal"];

    /// <summary>Throws <see cref="InvalidFieldException"/> for the first field that does not fit; returns the variables as an object.</summary>
    public static JsonObject? Check(StartRun start)
    {
        if (start.Definition is null && start.DefinitionId is null && start.ParameterSet is null)
            throw new InvalidFieldException("'definition' is required: the name of a deployed definition.", "definition");
        if (start.DefinitionId is not null && (start.Definition is not null || start.ParameterSet is not null))
            throw new InvalidFieldException("Give 'definitionId' (one deployed version) or 'definition' (a name, with 'version' or a parameter set), not both.", "definitionId");
        if (start.DefinitionId is not null && start.Version is not null)
            throw new InvalidFieldException("'definitionId' names one deployed version already: leave 'version' out.", "version");
        Id(start.DefinitionId, "definitionId");
        if (start.Definition is { Length: 0 }) throw new InvalidFieldException("'definition' is required: the name of a deployed definition.", "definition");
        if (start.Version is <= 0) throw new InvalidFieldException("'version' must be a positive whole number.", "version");
        Id(start.Case, "case");
        Id(start.ParameterSet, "parameterSet");
        Id(start.IdempotencyKey, "idempotencyKey");
        if (start.RunId is { } runId)
        {
            if (runId.Length is 0 or > MaxId || runId.Any(c => char.IsControl(c) || c is '/' or '?' or '#' or '%' || char.IsWhiteSpace(c)))
                throw new InvalidFieldException($"'runId' must be 1 to {MaxId} characters without spaces, '/', '?', '#' or '%'.", "runId");
            if (runId.All(char.IsAsciiDigit)) throw new InvalidFieldException("'runId' must not be all digits: those are run numbers.", "runId");
        }
        Tags(start.Tags);
        if (start.BusinessKey is { } key && key.Length is 0 or > MaxBusinessKey)
            throw new InvalidFieldException($"'businessKey' must be a string of 1 to {MaxBusinessKey} characters.", "businessKey");
        return Variables(start.Variables);
    }

    private static void Id(string? id, string field)
    {
        if (id is { Length: 0 or > MaxId }) throw new InvalidFieldException($"'{field}' must be a string of 1 to {MaxId} characters.", field);
    }

    private static void Tags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null) return;
        if (tags.Count > MaxTags) throw new InvalidFieldException($"'tags' may hold at most {MaxTags} entries.", "tags");
        foreach (var (k, v) in tags)
        {
            if (k.Length is 0 or > MaxTagKey || k.Contains(':', StringComparison.Ordinal))
                throw new InvalidFieldException($"A tag key must be 1 to {MaxTagKey} characters without ':'.", "tags");
            if (v.Length > MaxTagValue) throw new InvalidFieldException($"Tag '{k}' is longer than {MaxTagValue} characters.", $"tags.{k}");
        }
    }

    private static JsonObject? Variables(IReadOnlyList<TypedVariable>? items)
    {
        if (items is null) return null;
        if (items.Count > MaxVariables) throw new InvalidFieldException($"'variables' may hold at most {MaxVariables} entries.", "variables");
        var vars = new JsonObject();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"variables[{i}]";
            var item = items[i];
            var name = item.Name is { Length: > 0 } n ? n : throw new InvalidFieldException($"'{at}.name' is required: a non-empty string.", $"{at}.name");
            if (vars.ContainsKey(name)) throw new InvalidFieldException($"Variable '{name}' is given twice.", $"{at}.name");
            string? type = null;
            if (item.Type is { } t)
            {
                type = VariableTypes.Contains(t.ToLowerInvariant())
                    ? t.ToLowerInvariant()
                    : throw new InvalidFieldException($"'{at}.type' must be one of {string.Join(", ", VariableTypes)}.", $"{at}.type");
            }
            if (type is not null && !Fits(item.Value, type)) throw new InvalidFieldException($"'{at}.value' is not a {type}.", $"{at}.value");
            vars[name] = item.Value?.DeepClone();
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

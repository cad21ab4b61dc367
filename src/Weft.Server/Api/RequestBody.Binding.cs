using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Weft.Server.Api;

/// <summary>Binds JSON bodies to the contract records, naming the field at fault in the API's terms.</summary>
internal static partial class RequestBody
{
    /// <summary>
    /// Reads a JSON object body (with every check of <see cref="ReadJsonAsync"/>) and binds it to <typeparamref name="T"/>;
    /// an empty body gives null. A body that is not an object answers "The body must be a JSON object: " and the rules' shape;
    /// a field of the wrong type answers "'field' must be ..." with the field's path; when the rules are strict, a
    /// top-level field the record does not have answers "Unknown field ...", followed by the rules' hint.
    /// </summary>
    public static async Task<BoundBody<T>?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, BodyRules rules, CancellationToken ct)
    {
        var node = await ReadJsonAsync(request, ct);
        if (node is null) return null;
        if (node is not JsonObject json) throw new BadRequestException($"The body must be a JSON object: {rules.Shape}.");
        return new BoundBody<T>(Bind(json, type, rules), json);
    }

    /// <summary>As <see cref="ReadAsync{T}"/>, but an empty body is refused like a body that is not an object.</summary>
    public static async Task<BoundBody<T>> RequireAsync<T>(HttpRequest request, JsonTypeInfo<T> type, BodyRules rules, CancellationToken ct) =>
        await ReadAsync(request, type, rules, ct) ?? throw new BadRequestException($"The body must be a JSON object: {rules.Shape}.");

    /// <summary>Binds an object already read to <typeparamref name="T"/>, with the checks of <see cref="ReadAsync{T}"/>.</summary>
    public static T Bind<T>(JsonObject json, JsonTypeInfo<T> type, BodyRules rules)
    {
        if (rules.Strict && UnknownFields(json, type) is { Count: > 0 } unknown) throw Unknown(unknown, type, rules.Hint);
        try
        {
            return json.Deserialize(type) ?? throw new BadRequestException("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw WrongType(e.Path, type);
        }
    }

    /// <summary>The index of the first null in a list the body gave (a list of strings keeps a JSON null), or -1.</summary>
    public static int FirstNull<T>(IReadOnlyList<T>? list)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null) return i;
        }
        return -1;
    }

    /// <summary>The body's top-level fields that <paramref name="type"/> does not have (names are matched exactly).</summary>
    public static List<string> UnknownFields(JsonObject json, JsonTypeInfo type)
    {
        var known = type.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return [.. json.Select(p => p.Key).Where(k => !known.Contains(k))];
    }

    private static BadRequestException Unknown(List<string> unknown, JsonTypeInfo type, string? hint)
    {
        var names = string.Join(", ", unknown.Select(u => $"'{u}'"));
        var fields = string.Join(", ", type.Properties.Select(p => p.Name));
        var message = (unknown.Count == 1 ? $"Unknown field {names}" : $"Unknown fields {names}") + $": this body takes {fields}.";
        return new BadRequestException(hint is null ? message : message + " " + hint, unknown[0]);
    }

    /// <summary>"'variables[0].name' must be a string": the field from STJ's path, what it must be from the contract's type.</summary>
    private static BadRequestException WrongType(string? path, JsonTypeInfo root)
    {
        var field = "";
        JsonTypeInfo? at = root;
        foreach (Match m in PathSegment().Matches(path ?? ""))
        {
            var index = m.Groups["index"].Success;
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
            field += index ? $"[{m.Groups["index"].Value}]" : field.Length == 0 ? name : "." + name;
            at = at is null ? null : Step(at, index ? null : name);
        }
        if (field.Length == 0) return new BadRequestException("The body must be a JSON object.");
        return new BadRequestException($"'{field}' must be {Describe(at?.Type)}.", field);
    }

    private static JsonTypeInfo? Step(JsonTypeInfo at, string? property)
    {
        var next = at.Kind switch
        {
            JsonTypeInfoKind.Object when property is not null => at.Properties.FirstOrDefault(p => p.Name == property)?.PropertyType,
            JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => at.ElementType,
            _ => null,
        };
        return next is null ? null : at.Options.GetTypeInfo(next);
    }

    private static string Describe(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "an ISO 8601 date and time";
        if (type == typeof(JsonArray)) return "a list";
        if (type is null || type == typeof(JsonNode)) return "a JSON value of another kind";
        if (type != typeof(JsonObject) && type.IsAssignableTo(typeof(System.Collections.IEnumerable))
            && !type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            return "a list";
        return "a JSON object";
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}

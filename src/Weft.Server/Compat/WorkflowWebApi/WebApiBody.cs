using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Tasks;
using Weft.Server.Api;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>Reads the surface's bodies: one JSON object whose keys match case-insensitively (as the product's Web API binds them).</summary>
internal static class WebApiBody
{
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) as JsonObject
            ?? throw new BadRequestException("The body must be a JSON object: { \"repository\": \"...\", \"workflow\": \"...\", ... }.");

    /// <summary>The field (case-insensitive key), or null when absent or JSON null.</summary>
    public static JsonNode? Field(JsonObject body, string name)
    {
        foreach (var (key, value) in body)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    public static string? Text(JsonObject body, string name) => Field(body, name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new InvalidFieldException($"'{name}' must be a string.", name),
    };

    public static string RequiredText(JsonObject body, string name) =>
        Text(body, name) is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : throw new InvalidFieldException($"'{name}' is required: a non-empty string.", name);

    /// <summary><c>provider::name</c> (<c>activedirectory::jdoe</c>, <c>azureactivedirectory::a@b.c</c>, <c>skeltalist::&lt;guid&gt;</c>), or null when absent.</summary>
    public static string? User(JsonObject body)
    {
        if (Text(body, "user") is not { } user || user.Length == 0) return null;
        var sep = user.IndexOf("::", StringComparison.Ordinal);
        if (sep <= 0 || sep + 2 >= user.Length)
            throw new InvalidFieldException($"'user' must be '<repository provider name>::<user name>' (e.g. activedirectory::jdoe), not '{user}'.", "user");
        if (user.Length > 200) throw new InvalidFieldException("'user' must be at most 200 characters.", "user");
        return user;
    }

    /// <summary>The version to run: empty or absent means the latest.</summary>
    public static int? Version(JsonObject body)
    {
        var node = Field(body, "version");
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n > 0) return n;
        if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            var text = s.GetValue<string>().Trim();
            if (text.Length == 0) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0) return m;
        }
        throw new InvalidFieldException("'version' must be a version number (1, 2, ...) or empty for the latest.", "version");
    }

    /// <summary>An integer id (the execution id, the execution details id): a JSON number or a string of digits.</summary>
    public static long ExecutionId(JsonObject body, string name)
    {
        var node = Field(body, name) ?? throw new InvalidFieldException($"'{name}' is required: an integer.", name);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n > 0) return n;
        if (node is JsonValue s && s.GetValueKind() == JsonValueKind.String) return QueryId(s.GetValue<string>(), name);
        throw new InvalidFieldException($"'{name}' must be a positive integer.", name);
    }

    public static long QueryId(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidFieldException($"'{name}' is required: an integer.", name);
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && text.Trim().Length <= 18
            ? n
            : throw new InvalidFieldException($"'{name}' must be a positive integer, not '{text}'.", name);
    }

    /// <summary>
    /// What AlertEngine's <c>output</c> completes the activity with: a string is the action (approve, reject, ...);
    /// an object is the form's fields, its <c>action</c> key naming the action; absent, a task with one action takes it.
    /// </summary>
    public static (string Action, JsonObject? Fields) Outcome(JsonObject body, TaskRecord task)
    {
        var output = Field(body, "output");
        string? action = null;
        JsonObject? fields = null;
        switch (output)
        {
            case null:
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                action = v.GetValue<string>();
                break;
            case JsonObject o:
                fields = o.DeepClone().AsObject();
                if (Field(fields, "action") is { } a)
                {
                    action = a is JsonValue av && av.GetValueKind() == JsonValueKind.String ? av.GetValue<string>() : throw new InvalidFieldException("'output.action' must be a string.", "output.action");
                    foreach (var key in fields.Select(p => p.Key).Where(k => string.Equals(k, "action", StringComparison.OrdinalIgnoreCase)).ToList()) fields.Remove(key);
                }
                break;
            default:
                throw new InvalidFieldException("'output' must be the action (a string) or an object of the activity's fields.", "output");
        }
        if (action is null)
        {
            return task.Actions.Count == 1
                ? (task.Actions[0], fields)
                : throw new InvalidFieldException($"'output' must name the action: one of {string.Join(", ", task.Actions)}.", "output");
        }
        var known = task.Actions.FirstOrDefault(x => string.Equals(x, action, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidFieldException($"'{action}' is not an action of this activity (one of {string.Join(", ", task.Actions)}).", "output");
        return (known, fields);
    }
}

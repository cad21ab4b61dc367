using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Server.Api;

namespace Weft.Server.FrontDoors;

/// <summary>
/// Reads one top-level field of a request's body (a form or a JSON object) before the handler does, for a door whose
/// requests carry the namespace or the credential in the body. A JSON body is parsed once, as every JSON body is, and
/// the tree is kept for the handler; a form is read through ASP.NET Core's own cache. The fields are read once per request.
/// </summary>
internal static class RequestFields
{
    private static readonly object Key = new();

    /// <summary>The field's text (a string or a number in JSON; case-insensitive name), or null when the body has none or cannot be read.</summary>
    public static async ValueTask<string?> FieldAsync(HttpContext http, string name)
    {
        var request = http.Request;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                return form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return null;
            }
        }
        if (!IsJson(request.ContentType)) return null;
        if (http.Items.TryGetValue(Key, out var cached)) return Lookup(cached as Dictionary<string, string>, name);
        var fields = await ReadJsonFieldsAsync(http);
        http.Items[Key] = fields;
        return Lookup(fields, name);
    }

    private static string? Lookup(Dictionary<string, string>? fields, string name) =>
        fields is not null && fields.TryGetValue(name, out var value) ? value : null;

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The body read as every JSON body is (<see cref="RequestBody.ReadJsonAsync"/>: its limit, depth, duplicate keys,
    /// messages), kept for the handler so it is read once; a body that cannot be read names no field, and the handler
    /// (or the access check, when the namespace was to come from it) answers its failure.
    /// </summary>
    private static async Task<Dictionary<string, string>?> ReadJsonFieldsAsync(HttpContext http)
    {
        JsonNode? node;
        try
        {
            node = await RequestBody.ReadJsonAsync(http.Request, http.RequestAborted);
            RequestBody.Keep(http, node);
        }
        catch (BadRequestException e)
        {
            RequestBody.Keep(http, e);
            return null;
        }
        if (node is not JsonObject json) return null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in json)
        {
            if (value is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
                fields.TryAdd(name, v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString());
        }
        return fields;
    }
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using Weft.Server.Api;

namespace Weft.Server.FrontDoors;

/// <summary>
/// Reads one top-level field of a request's body (a form or a JSON object) before the handler does, for a door whose
/// requests carry the namespace or the credential in the body. The body is buffered (within the server's body limit)
/// and rewound, so the handler reads it whole; the fields are read once per request.
/// </summary>
internal static class RequestFields
{
    private const int MaxDepth = 64;
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

    private static async Task<Dictionary<string, string>?> ReadJsonFieldsAsync(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        var request = http.Request;
        if (request.ContentLength > limit) return null;
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit + 1);
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > limit) return null;
            using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind is JsonValueKind.String) fields.TryAdd(p.Name, p.Value.GetString()!);
                else if (p.Value.ValueKind is JsonValueKind.Number) fields.TryAdd(p.Name, p.Value.GetRawText());
            }
            return fields;
        }
        catch (Exception e) when (e is JsonException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            // The handler reads the body again and says what is wrong with it, in the door's shape.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

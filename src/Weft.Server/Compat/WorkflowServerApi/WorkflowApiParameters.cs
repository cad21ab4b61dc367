using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Weft.Server.Api;

namespace Weft.Server.Compat.WorkflowServerApi;

/// <summary>
/// A Workflow API request's parameters, as the product takes them: the route (<c>{operation}</c>, <c>{processId}</c>),
/// the query, a form body (urlencoded or multipart) or a JSON object body, names matched case-insensitively. A value
/// from the route wins over the query, the query over the body.
/// </summary>
internal sealed class WorkflowApiParameters
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the body could not be read (the product's "Invalid request body type"), or null.</summary>
    public string? BodyProblem { get; private set; }

    public static async Task<WorkflowApiParameters> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var p = new WorkflowApiParameters();
        var request = http.Request;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(ct);
                foreach (var (k, v) in form) p._values[k] = JsonValue.Create(v.ToString());
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                p.BodyProblem = "The form body cannot be read: " + e.Message;
            }
        }
        else if (IsJson(request.ContentType))
        {
            // Read as every JSON body is (limit, depth, duplicate keys); only a body over the limit is an HTTP error here.
            try
            {
                switch (await RequestBody.ReadJsonAsync(request, ct))
                {
                    case JsonObject o:
                        foreach (var (k, v) in o) p._values[k] = v?.DeepClone();
                        break;
                    case { }:
                        p.BodyProblem = "The JSON body must be an object of the method's parameters.";
                        break;
                }
            }
            catch (BadRequestException e) when (e.Status != StatusCodes.Status413PayloadTooLarge)
            {
                p.BodyProblem = "The JSON body does not parse: " + e.Message;
            }
        }
        else if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            p.BodyProblem = $"Invalid request body type '{request.ContentType}': send the parameters in the query, a form (application/x-www-form-urlencoded or multipart/form-data) or a JSON object (application/json).";
        }
        foreach (var (k, v) in request.Query) p._values[k] = JsonValue.Create(v.ToString());
        foreach (var (k, v) in request.RouteValues)
        {
            if (v is string s && s.Length > 0) p._values[k] = JsonValue.Create(s);
        }
        return p;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The parameter as JSON (a string when it came from the query, a form or the route), or null.</summary>
    public JsonNode? Node(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>The parameter as text (a JSON string, or a number's or boolean's text), or null when absent or blank.</summary>
    public string? Text(string name) => Node(name) switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>A whole number parameter, or <paramref name="fallback"/> when absent; null when it is not one.</summary>
    public int? Int(string name, int fallback)
    {
        var text = Text(name);
        if (text is null) return fallback;
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// A parameter that holds JSON: as sent in a JSON body, or a JSON text in a query or form field (older clients send
    /// process parameters as a form field holding a JSON string).
    /// </summary>
    public JsonNode? Json(string name)
    {
        var node = Node(name);
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            var t = s.Trim();
            if (t.StartsWith('[') || t.StartsWith('{'))
            {
                try
                {
                    return JsonNode.Parse(t, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException)
                {
                    return node;
                }
            }
        }
        return node;
    }

    /// <summary>
    /// A parameter holding named values, as the product's clients send them: <c>[{name, value, ...}]</c> (other keys,
    /// such as <c>persist</c>, are read past) or an object of name to value; null when absent, or why it is neither.
    /// </summary>
    public (IReadOnlyList<KeyValuePair<string, JsonNode?>>? Values, string? Problem) NamedValues(string name)
    {
        var wrong = $"Parameter '{name}' must be an array of {{name, value}}.";
        switch (Json(name))
        {
            case null:
                return (null, null);
            case JsonObject map:
                return ([.. map.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))], null);
            case JsonArray items:
                var list = new List<KeyValuePair<string, JsonNode?>>();
                foreach (var item in items)
                {
                    if (item is not JsonObject o) return (null, wrong);
                    var key = o.FirstOrDefault(p => string.Equals(p.Key, "name", StringComparison.OrdinalIgnoreCase)).Value;
                    if (key is not JsonValue v || !v.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
                        return (null, $"Every item of '{name}' needs a 'name'.");
                    list.Add(new(text, o.FirstOrDefault(p => string.Equals(p.Key, "value", StringComparison.OrdinalIgnoreCase)).Value?.DeepClone()));
                }
                return (list, null);
            default:
                return (null, wrong);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Server.Api;

namespace Weft.Server.Auth;

/// <summary>Reads the small JSON bodies of the admin and token APIs, naming the field at fault.</summary>
internal static class AuthBody
{
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) switch
        {
            null => new JsonObject(),
            JsonObject o => o,
            _ => throw new BadRequestException("The body must be a JSON object."),
        };

    public static string? String(JsonObject body, string field, bool required = false, int max = 200)
    {
        var node = body[field];
        if (node is null)
            return required ? throw new BadRequestException($"'{field}' is required.", field) : null;
        if (node.GetValueKind() != JsonValueKind.String) throw new BadRequestException($"'{field}' must be a string.", field);
        var value = node.GetValue<string>();
        if (value.Length > max) throw new BadRequestException($"'{field}' is longer than {max} characters.", field);
        if (required && value.Trim().Length == 0) throw new BadRequestException($"'{field}' must not be empty.", field);
        return value;
    }

    public static IReadOnlyList<string>? Strings(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null) return null;
        if (node is not JsonArray a || a.Any(i => i?.GetValueKind() != JsonValueKind.String))
            throw new BadRequestException($"'{field}' must be an array of strings.", field);
        return [.. a.Select(i => i!.GetValue<string>())];
    }

    public static bool? Bool(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BadRequestException($"'{field}' must be true or false.", field),
        };
    }

    public static JsonObject? Object(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => throw new BadRequestException($"'{field}' must be an object.", field),
    };

    /// <summary>A lifetime in whole seconds, 1 second to 1 year (reference 002's <c>lifeTimeInSec</c>).</summary>
    public static TimeSpan LifeTime(JsonNode? node, string field)
    {
        long seconds;
        if (node is null) throw new BadRequestException($"'{field}' is required: the token's lifetime in seconds.", field);
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out long n)) seconds = n;
        else if (node.GetValueKind() == JsonValueKind.String && long.TryParse(node.GetValue<string>(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)) seconds = s;
        else throw new BadRequestException($"'{field}' must be a whole number of seconds.", field);
        if (seconds is < 1 or > 31_536_000) throw new BadRequestException($"'{field}' must be from 1 to 31536000 (one year).", field);
        return TimeSpan.FromSeconds(seconds);
    }
}

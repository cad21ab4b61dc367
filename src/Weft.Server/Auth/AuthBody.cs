using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Weft.Server.Api;

namespace Weft.Server.Auth;

/// <summary>Reads the small JSON bodies of the admin and token APIs into their contract records, naming the field at fault.</summary>
internal static class AuthBody
{
    private static readonly BodyRules Rules = new("{ \"name\": \"...\", ... }");

    /// <summary>The body bound to <typeparamref name="T"/>; an empty body reads as <c>{}</c>.</summary>
    public static async Task<BoundBody<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct) =>
        await RequestBody.ReadAsync(request, type, Rules, ct) ?? new BoundBody<T>(RequestBody.Bind(new JsonObject(), type, Rules), new JsonObject());

    public static string? String(string? value, string field, bool required = false, int max = 200)
    {
        if (value is null)
            return required ? throw new BadRequestException($"'{field}' is required.", field) : null;
        if (value.Length > max) throw new BadRequestException($"'{field}' is longer than {max} characters.", field);
        if (required && value.Trim().Length == 0) throw new BadRequestException($"'{field}' must not be empty.", field);
        return value;
    }

    public static IReadOnlyList<string>? Strings(IReadOnlyList<string>? values, string field) =>
        RequestBody.FirstNull(values) < 0 ? values : throw new BadRequestException($"'{field}' must be an array of strings.", field);

    /// <summary>A lifetime in whole seconds, 1 second to 1 year (reference 002's <c>lifeTimeInSec</c>).</summary>
    public static TimeSpan LifeTime(long? seconds, string field)
    {
        if (seconds is null) throw new BadRequestException($"'{field}' is required: the token's lifetime in seconds.", field);
        if (seconds is < 1 or > 31_536_000) throw new BadRequestException($"'{field}' must be from 1 to 31536000 (one year).", field);
        return TimeSpan.FromSeconds(seconds.Value);
    }
}

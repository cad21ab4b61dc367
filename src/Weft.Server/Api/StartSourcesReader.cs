using System.Text.Json.Nodes;

namespace Weft.Server.Api;

/// <summary>Reads the <c>case</c> and <c>parameterSet</c> of a start request: an id (or a parameter set's name).</summary>
internal static class StartSourcesReader
{
    public const int MaxId = 200;

    public static string? Id(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var id) && id.Length is > 0 and <= MaxId => id,
        _ => throw new BadRequestException($"'{field}' must be a string of 1 to {MaxId} characters.", field),
    };
}

using System.Text.Json.Nodes;

namespace Weft.Core.Services;

/// <summary>What a start may carry beside the input: tags, a business key and initial variables (already checked).</summary>
public sealed record RunStartOptions(IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null, JsonObject? Variables = null, string? ActingClient = null)
{
    /// <summary>The case the run is about (already looked up), and its snapshot that expressions see as <c>subject</c>.</summary>
    public Cases.CaseRecord? Case { get; init; }
}

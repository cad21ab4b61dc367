using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>One run variable.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Value">Its current value.</param>
public sealed record VariableResponse(string Name, JsonNode? Value);

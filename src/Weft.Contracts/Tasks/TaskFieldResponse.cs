using System.Text.Json.Nodes;

namespace Weft.Contracts.Tasks;

/// <summary>A field of a task's form with its current value.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Label">Its label.</param>
/// <param name="Type">string, number, integer, boolean, datetime, decimal or choice.</param>
/// <param name="Required">Whether completing needs it.</param>
/// <param name="Readonly">Whether it may be written.</param>
/// <param name="Options">A choice field's options.</param>
/// <param name="Value">Its current value.</param>
public sealed record TaskFieldResponse(string Key, string Label, string Type, bool Required, bool Readonly, IReadOnlyList<string>? Options, JsonNode? Value);

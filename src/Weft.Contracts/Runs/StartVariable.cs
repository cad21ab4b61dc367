using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>One typed variable of a start request.</summary>
/// <param name="Id">The caller's id for the variable (a string or a number); kept for the caller, not used by the run.</param>
/// <param name="Name">The variable's name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Type">string, number, integer, boolean, object, array, datetime or decimal: the value is checked against it.</param>
public sealed record StartVariable(JsonNode? Id, string Name, JsonNode? Value, string? Type = null);

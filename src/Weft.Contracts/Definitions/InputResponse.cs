using System.Text.Json.Nodes;

namespace Weft.Contracts.Definitions;

/// <summary>One field of a definition's typed input.</summary>
/// <param name="Name">The field's name in the run's input.</param>
/// <param name="Type">Its type: string, number, integer, boolean, object, array, datetime or decimal.</param>
/// <param name="Required">Whether a run must be given it.</param>
/// <param name="Default">The value it takes when left out.</param>
/// <param name="Description">What it is for.</param>
public sealed record InputResponse(string Name, string Type, bool Required, JsonNode? Default, string? Description);

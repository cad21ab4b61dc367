using System.Text.Json.Nodes;

namespace Weft.Contracts.Tasks;

/// <summary>A field of a free-standing task's form.</summary>
/// <param name="Key">Its key, unique in the form.</param>
/// <param name="Label">Its label (the key when left out).</param>
/// <param name="Type">string (the default), number, integer, boolean, datetime, decimal or choice.</param>
/// <param name="Required">Whether completing needs it.</param>
/// <param name="Readonly">Whether it may be written.</param>
/// <param name="Options">A choice field's options.</param>
/// <param name="Default">Its value to start with, checked against its type.</param>
public sealed record TaskFormFieldRequest(
    string Key, string? Label = null, string? Type = null, bool? Required = null, bool? Readonly = null, IReadOnlyList<string>? Options = null,
    JsonNode? Default = null);

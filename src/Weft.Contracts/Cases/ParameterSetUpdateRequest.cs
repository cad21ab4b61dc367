using System.Text.Json.Nodes;

namespace Weft.Contracts.Cases;

/// <summary>The body of <c>PUT .../parameter-sets/{id}</c>: the new input and version.</summary>
/// <param name="Version">A version of the definition; the latest when left out.</param>
/// <param name="Input">The input, checked again.</param>
public sealed record ParameterSetUpdateRequest(int? Version = null, JsonObject? Input = null);

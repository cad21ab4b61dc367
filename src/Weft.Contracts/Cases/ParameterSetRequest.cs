using System.Text.Json.Nodes;

namespace Weft.Contracts.Cases;

/// <summary>The body of <c>POST .../parameter-sets</c>.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Definition">The name of a deployed definition.</param>
/// <param name="Version">A version of it; the latest when left out.</param>
/// <param name="Input">The input, checked against the definition's typed input.</param>
public sealed record ParameterSetRequest(string Name, string Definition, int? Version = null, JsonObject? Input = null);

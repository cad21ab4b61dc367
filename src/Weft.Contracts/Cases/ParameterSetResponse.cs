using System.Text.Json.Nodes;

namespace Weft.Contracts.Cases;

/// <summary>A parameter set: named input for a definition.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name, unique per definition.</param>
/// <param name="Definition">The definition it is for.</param>
/// <param name="Version">The definition version it is for; the latest when null.</param>
/// <param name="Input">The input.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ParameterSetResponse(string Id, string Namespace, string Name, string Definition, int? Version, JsonObject Input, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

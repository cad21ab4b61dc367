using System.Text.Json.Nodes;

namespace Weft.Contracts.Integration;

/// <summary>The body of <c>POST .../integration-items/{id}/complete</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Fields">Last field values.</param>
/// <param name="Result">The step's result.</param>
public sealed record CompleteRequest(long? LeaseToken, JsonObject? Fields = null, JsonNode? Result = null);

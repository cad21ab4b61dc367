using System.Text.Json.Nodes;

namespace Weft.Contracts.Integration;

/// <summary>The body of <c>POST .../integration-items/{id}/fields</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Fields">Field key to value.</param>
public sealed record FieldsRequest(long? LeaseToken, JsonObject? Fields);

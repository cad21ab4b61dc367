using System.Text.Json.Nodes;

namespace Weft.Contracts.Events;

/// <summary>The body of <c>POST .../runs/{id}/events</c>.</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Payload">The event's data.</param>
public sealed record SendRunEventRequest(string Name, JsonObject? Payload = null);

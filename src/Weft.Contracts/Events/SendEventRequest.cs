using System.Text.Json.Nodes;

namespace Weft.Contracts.Events;

/// <summary>The body of <c>POST .../events</c>.</summary>
/// <param name="Name">The event's name, as an event step's <c>event</c> gives it.</param>
/// <param name="Correlation">The value a waiting step's correlation must equal: a string or a number.</param>
/// <param name="Payload">The event's data.</param>
public sealed record SendEventRequest(string Name, JsonNode? Correlation, JsonObject? Payload = null);

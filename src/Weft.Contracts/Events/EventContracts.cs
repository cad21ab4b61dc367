using System.Text.Json.Nodes;

namespace Weft.Contracts.Events;

/// <summary>The body of <c>POST .../events</c>.</summary>
/// <param name="Name">The event's name, as an event step's <c>event</c> gives it.</param>
/// <param name="Correlation">The value a waiting step's correlation must equal: a string or a number.</param>
/// <param name="Payload">The event's data.</param>
public sealed record SendEventRequest(string Name, JsonNode? Correlation, JsonObject? Payload = null);

/// <summary>The answer to <c>POST .../events</c>: the run it woke (or null), or until when it is kept.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Matched">The run it woke; null when none waited.</param>
/// <param name="KeptUntil">Until when it is kept for a run that waits later.</param>
public sealed record EventAccepted(string Id, string? Matched, DateTimeOffset? KeptUntil);

/// <summary>The body of <c>POST .../runs/{id}/events</c>.</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Payload">The event's data.</param>
public sealed record SendRunEventRequest(string Name, JsonObject? Payload = null);

/// <summary>The answer to <c>POST .../runs/{id}/events</c>: the event's id, the run it woke and the correlation it carried.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Run">The run it woke.</param>
/// <param name="Correlation">The correlation it carried.</param>
public sealed record RunEventAccepted(string Id, string Run, string Correlation);

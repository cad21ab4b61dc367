namespace Weft.Contracts.Events;

/// <summary>The answer to <c>POST .../runs/{id}/events</c>: the event's id, the run it woke and the correlation it carried.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Run">The run it woke.</param>
/// <param name="Correlation">The correlation it carried.</param>
public sealed record RunEventAccepted(string Id, string Run, string Correlation);

namespace Weft.Contracts.Events;

/// <summary>The answer to <c>POST .../events</c>: the run it woke (or null), or until when it is kept.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Matched">The run it woke; null when none waited.</param>
/// <param name="KeptUntil">Until when it is kept for a run that waits later.</param>
public sealed record EventAccepted(string Id, string? Matched, DateTimeOffset? KeptUntil);

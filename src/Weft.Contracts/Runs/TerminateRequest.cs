namespace Weft.Contracts.Runs;

/// <summary>The body of <c>POST .../runs/{id}/terminate</c> (optional).</summary>
/// <param name="Reason">Why the run is ended; kept in its history.</param>
public sealed record TerminateRequest(string? Reason = null);

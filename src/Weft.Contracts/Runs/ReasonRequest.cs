namespace Weft.Contracts.Runs;

/// <summary>The body of <c>POST .../runs/{id}/pause</c> and <c>.../resume</c> (optional).</summary>
/// <param name="Reason">Why; kept in the run's history.</param>
public sealed record ReasonRequest(string? Reason = null);

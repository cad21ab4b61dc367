namespace Weft.Contracts.Runs;

/// <summary>Why a run failed, timed out or was terminated.</summary>
/// <param name="Message">What went wrong.</param>
/// <param name="Step">The step where it went wrong.</param>
public sealed record RunErrorResponse(string Message, string? Step = null);

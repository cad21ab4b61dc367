namespace Weft.Contracts.Webhooks;

/// <summary>One POST of a delivery.</summary>
/// <param name="Attempt">Its number, from 1.</param>
/// <param name="At">When.</param>
/// <param name="Node">The server node that made it.</param>
/// <param name="Status">The HTTP status it got.</param>
/// <param name="Error">The error, when there was no answer.</param>
/// <param name="Response">The start of the answer's body.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record AttemptResponse(int Attempt, DateTimeOffset At, string Node, int? Status, string? Error, string? Response, long DurationMs);

namespace Weft.Contracts.Webhooks;

/// <summary>The last answer (or error) a delivery got.</summary>
/// <param name="At">When.</param>
/// <param name="Status">The HTTP status it got.</param>
/// <param name="Error">The error, when there was no answer.</param>
/// <param name="Response">The start of the answer's body.</param>
public sealed record WebhookLastAttempt(DateTimeOffset At, int? Status, string? Error, string? Response);

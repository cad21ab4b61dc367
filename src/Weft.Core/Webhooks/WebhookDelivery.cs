namespace Weft.Core.Webhooks;

/// <summary>
/// One event to send to one subscription. <see cref="Status"/> is <c>pending</c> (to send, or being sent),
/// <c>delivered</c> (a 2xx answer) or <c>failed</c> (no 2xx before the give-up time). <see cref="Data"/> is the
/// JSON of the run, task or item the event is about. <see cref="LeaseToken"/> fences the node that claimed it.
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    string SubscriptionId,
    string Namespace,
    string Event,
    DateTimeOffset OccurredAt,
    string Data,
    string Status,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset Since,
    long LeaseToken,
    int? LastStatus,
    string? LastError,
    string? LastResponse,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>One POST of a delivery: the answer's status (null when none came), a body excerpt, the error, how long it took.</summary>
public sealed record WebhookAttempt(int Attempt, DateTimeOffset At, string Node, int? Status, string? Error, string? Response, TimeSpan Duration);

/// <summary>What became of an attempt, to record: <see cref="Outcome"/> is the delivery's new status; <see cref="NextAt"/> when pending.</summary>
public sealed record WebhookAttemptResult(DateTimeOffset At, string Node, int? Status, string? Error, string? Response, TimeSpan Duration, string Outcome, DateTimeOffset NextAt);

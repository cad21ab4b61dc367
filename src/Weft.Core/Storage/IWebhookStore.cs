using Weft.Core.Integration;
using Weft.Core.Webhooks;

namespace Weft.Core.Storage;

/// <summary>
/// Webhook subscriptions and their deliveries. Deliveries are written by checkpoints (an outbox row per matching
/// subscription, in the checkpoint's transaction); senders claim due ones with a lease and record each attempt.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Rung after a commit on this node that added deliveries, and after a redelivery; the sender waits on it.</summary>
    QueueBell DeliveriesAdded { get; }

    Task CreateSubscriptionAsync(WebhookSubscription subscription, CancellationToken ct);

    /// <summary>Replaces url, events, definition and active; false when there is no such subscription.</summary>
    Task<bool> UpdateSubscriptionAsync(WebhookSubscription subscription, CancellationToken ct);

    /// <summary>Deletes the subscription and its deliveries; false when there was none.</summary>
    Task<bool> DeleteSubscriptionAsync(string ns, string id, CancellationToken ct);

    Task<WebhookSubscription?> GetSubscriptionAsync(string ns, string id, CancellationToken ct);

    Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string ns, CancellationToken ct);

    /// <summary>A subscription's deliveries, newest first, at most <paramref name="limit"/>, optionally of one status.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string ns, string subscriptionId, string? status, int limit, CancellationToken ct);

    Task<WebhookDelivery?> GetDeliveryAsync(string ns, string subscriptionId, string id, CancellationToken ct);

    Task<IReadOnlyList<WebhookAttempt>> ListAttemptsAsync(string deliveryId, CancellationToken ct);

    /// <summary>
    /// Leases up to <paramref name="max"/> pending deliveries due by <paramref name="now"/> (including ones whose
    /// earlier lease lapsed) to <paramref name="node"/> until now + <paramref name="lease"/>; each gets a new lease token.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDeliveriesAsync(string node, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records an attempt and the delivery's new status; false (nothing written) when the lease was lost.</summary>
    Task<bool> RecordAttemptAsync(WebhookDelivery delivery, WebhookAttemptResult result, CancellationToken ct);

    /// <summary>Makes a delivered or failed delivery pending again, due now; false when it is pending already or missing.</summary>
    Task<bool> RedeliverAsync(string ns, string subscriptionId, string id, DateTimeOffset now, CancellationToken ct);

    /// <summary>The Data Protection key ring's stored keys (XML), and storing a new one.</summary>
    Task<IReadOnlyList<string>> LoadProtectionKeysAsync(CancellationToken ct);

    Task SaveProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken ct);
}

using System.Text.Json.Nodes;

namespace Weft.Contracts.Webhooks;

/// <summary>A delivery with its attempt count and last answer; <see cref="AttemptList"/> only when one delivery is asked for.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="Webhook">The subscription.</param>
/// <param name="Event">The event name.</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="Status">pending, delivered or failed.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="NextAttemptAt">When the next POST is due (pending only).</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="Last">The last answer.</param>
/// <param name="Body">The body that is POSTed.</param>
/// <param name="AttemptList">Every attempt.</param>
public sealed record DeliveryResponse(string Id, string Webhook, string Event, DateTimeOffset OccurredAt, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, WebhookLastAttempt? Last, JsonNode? Body, IReadOnlyList<AttemptResponse>? AttemptList = null);

using System.Text.Json.Nodes;
using Weft.Core.Webhooks;

namespace Weft.Server.Api;

/// <summary>A webhook subscription as the API shows it; <see cref="Secret"/> only in the answer that created it.</summary>
internal sealed record WebhookResponse(string Id, string Namespace, string Url, IReadOnlyList<string> Events, string? Definition, bool Active,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null)
{
    public static WebhookResponse From(WebhookSubscription s, string? secret = null) =>
        new(s.Id, s.Namespace, s.Url, s.Events, s.Definition, s.Active, s.CreatedAt, s.UpdatedAt, secret);
}

/// <summary>The last answer (or error) a delivery got.</summary>
internal sealed record WebhookLastAttempt(DateTimeOffset At, int? Status, string? Error, string? Response);

/// <summary>A delivery with its attempt count and last answer; <see cref="AttemptList"/> only when one delivery is asked for.</summary>
internal sealed record DeliveryResponse(string Id, string Webhook, string Event, DateTimeOffset OccurredAt, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, WebhookLastAttempt? Last, JsonNode? Body, IReadOnlyList<AttemptResponse>? AttemptList = null)
{
    public static DeliveryResponse From(WebhookDelivery d, IReadOnlyList<WebhookAttempt>? attempts = null) => new(
        d.Id, d.SubscriptionId, d.Event, d.OccurredAt, d.Status, d.Attempts, d.Status == WebhookDelivery.Pending ? d.DueAt : null, d.DeliveredAt,
        d.LastAttemptAt is { } at ? new WebhookLastAttempt(at, d.LastStatus, d.LastError, d.LastResponse) : null,
        JsonNode.Parse(Webhooks.WebhookBody.Compose(d)),
        attempts?.Select(a => new AttemptResponse(a.Attempt, a.At, a.Node, a.Status, a.Error, a.Response, (long)a.Duration.TotalMilliseconds)).ToList());
}

/// <summary>One POST of a delivery.</summary>
internal sealed record AttemptResponse(int Attempt, DateTimeOffset At, string Node, int? Status, string? Error, string? Response, long DurationMs);

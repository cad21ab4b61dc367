using Microsoft.Extensions.Options;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Webhooks;
using Weft.Server.Api;
using Weft.Server.Http;

namespace Weft.Server.Webhooks;

/// <summary>What a create or update request asks for; null leaves a value as it is (on update).</summary>
internal sealed record WebhookChange(string? Url, IReadOnlyList<string>? Events, bool DefinitionGiven, string? Definition, string? Secret, bool? Active);

/// <summary>Subscriptions and deliveries for the API: checks the namespace, the URL (with the outbound guard) and the events.</summary>
internal sealed class WebhookService(IWeftStore store, WebhookSecrets secrets, IOptions<HttpStepOptions> guard, TimeProvider time)
{
    public const int MaxDeliveries = 500;

    /// <summary>Creates a subscription; the secret (given or generated) is returned this once, in clear.</summary>
    public async Task<(WebhookSubscription Subscription, string Secret)> CreateAsync(string ns, WebhookChange change, CancellationToken ct)
    {
        await NamespaceAsync(ns, ct);
        if (change.Url is null) throw new BadRequestException("'url' is required: the absolute http(s) URL to POST events to.", "url");
        if (change.Events is null) throw new BadRequestException($"'events' is required: a list of {string.Join(", ", WebhookEvents.All)}.", "events");
        await CheckAsync(change, ct);
        var secret = change.Secret ?? WebhookSecrets.Generate();
        var now = time.GetUtcNow();
        var subscription = new WebhookSubscription("wh_" + Guid.CreateVersion7().ToString("N"), ns, change.Url, change.Events, change.Definition,
            secrets.Protect(secret), change.Active ?? true, now, now);
        await store.Webhooks.CreateSubscriptionAsync(subscription, ct);
        return (subscription, secret);
    }

    public async Task<WebhookSubscription> UpdateAsync(string ns, string id, WebhookChange change, CancellationToken ct)
    {
        var current = await GetAsync(ns, id, ct);
        await CheckAsync(change, ct);
        var updated = current with
        {
            Url = change.Url ?? current.Url,
            Events = change.Events ?? current.Events,
            Definition = change.DefinitionGiven ? change.Definition : current.Definition,
            ProtectedSecret = change.Secret is null ? current.ProtectedSecret : secrets.Protect(change.Secret),
            Active = change.Active ?? current.Active,
            UpdatedAt = time.GetUtcNow(),
        };
        if (!await store.Webhooks.UpdateSubscriptionAsync(updated, ct)) throw Missing(id);
        return updated;
    }

    public async Task DeleteAsync(string ns, string id, CancellationToken ct)
    {
        await NamespaceAsync(ns, ct);
        if (!await store.Webhooks.DeleteSubscriptionAsync(ns, id, ct)) throw Missing(id);
    }

    public async Task<WebhookSubscription> GetAsync(string ns, string id, CancellationToken ct)
    {
        await NamespaceAsync(ns, ct);
        return await store.Webhooks.GetSubscriptionAsync(ns, id, ct) ?? throw Missing(id);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string ns, CancellationToken ct)
    {
        await NamespaceAsync(ns, ct);
        return await store.Webhooks.ListSubscriptionsAsync(ns, ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string ns, string id, string? status, int limit, CancellationToken ct)
    {
        await GetAsync(ns, id, ct);
        return await store.Webhooks.ListDeliveriesAsync(ns, id, status, limit, ct);
    }

    public async Task<(WebhookDelivery Delivery, IReadOnlyList<WebhookAttempt> Attempts)> DeliveryAsync(string ns, string id, string deliveryId, CancellationToken ct)
    {
        await GetAsync(ns, id, ct);
        var delivery = await store.Webhooks.GetDeliveryAsync(ns, id, deliveryId, ct) ?? throw new NotFoundException($"No delivery '{deliveryId}' of webhook '{id}'.");
        return (delivery, await store.Webhooks.ListAttemptsAsync(deliveryId, ct));
    }

    public async Task<WebhookDelivery> RedeliverAsync(string ns, string id, string deliveryId, CancellationToken ct)
    {
        var (delivery, _) = await DeliveryAsync(ns, id, deliveryId, ct);
        if (!await store.Webhooks.RedeliverAsync(ns, id, deliveryId, time.GetUtcNow(), ct))
            throw new ConflictException($"Delivery '{deliveryId}' is {delivery.Status}: it is being sent already; only a delivered or failed delivery can be sent again.");
        return (await store.Webhooks.GetDeliveryAsync(ns, id, deliveryId, ct))!;
    }

    private async Task CheckAsync(WebhookChange change, CancellationToken ct)
    {
        if (change.Url is not null && await WebhookTarget.RefusalAsync(change.Url, guard.Value, ct) is { } refusal) throw new BadRequestException(refusal, "url");
        if (change.Events is not null)
        {
            if (change.Events.Count == 0) throw new BadRequestException("'events' must name at least one event.", "events");
            for (var i = 0; i < change.Events.Count; i++)
                if (!WebhookEvents.IsKnown(change.Events[i]))
                    throw new BadRequestException($"'events[{i}]' is '{change.Events[i]}', which is not an event: use {string.Join(", ", WebhookEvents.All)}.", $"events[{i}]");
        }
        if (change.Secret is { Length: < 16 or > 256 }) throw new BadRequestException("'secret' must be 16 to 256 characters long (leave it out to have one made).", "secret");
    }

    private async Task NamespaceAsync(string ns, CancellationToken ct)
    {
        if (!await store.Namespaces.ExistsAsync(ns, ct)) throw new NotFoundException($"No namespace '{ns}'.");
    }

    private static NotFoundException Missing(string id) => new($"No webhook '{id}'.");
}

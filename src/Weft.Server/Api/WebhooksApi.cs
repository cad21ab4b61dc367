using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Webhooks;
using Weft.Server.Auth;
using Weft.Server.Webhooks;
using Weft.Contracts;
using Weft.Contracts.Webhooks;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

/// <summary>Webhook subscriptions of a namespace, their deliveries with attempts, and redelivery by hand.</summary>
internal static class WebhooksApi
{
    private static readonly BodyRules Body = new("{ \"url\": \"https://example.com/hooks/weft\", \"events\": [\"run.completed\", \"run.failed\"], \"definition\": \"orders\" }");

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/webhooks").WithTags("Webhooks");
        group.MapPost("/", CreateAsync).WithName("CreateWebhook").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Subscribe a URL to events; the answer carries the signing secret, this once").Accepts<WebhookRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/", ListAsync).WithName("ListWebhooks").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("List the namespace's webhook subscriptions").ProducesProblem(404);
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Get a webhook subscription (without its secret)").ProducesProblem(404);
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateWebhook").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Change a subscription's url, events, definition, active flag or secret; fields left out stay as they are")
            .Accepts<WebhookRequest>("application/json").ProducesProblem(400).ProducesProblem(404);
        group.MapPatch("/{id}", UpdateAsync).WithName("PatchWebhook").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("The same as PUT: change the fields given, keep the others")
            .Accepts<WebhookRequest>("application/json").ProducesProblem(400).ProducesProblem(404);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Delete a subscription and its deliveries").ProducesProblem(404);
        group.MapGet("/{id}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("List a subscription's deliveries, newest first, with attempt counts and the last answer").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/{id}/deliveries/{deliveryId}", DeliveryAsync).WithName("GetWebhookDelivery").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Get a delivery with its body and every attempt").ProducesProblem(404);
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync).WithName("RedeliverWebhookDelivery").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Send a delivered or failed delivery again (same delivery id and body)").ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Created<WebhookResponse>> CreateAsync(string ns, HttpRequest request, WebhookService webhooks, CancellationToken ct)
    {
        var (subscription, secret) = await webhooks.CreateAsync(ns, await ChangeAsync(request, ct), ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/webhooks/{subscription.Id}", ResourceMapping.ToResponse(subscription, secret));
    }

    private static async Task<Ok<List<WebhookResponse>>> ListAsync(string ns, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok((await webhooks.ListAsync(ns, ct)).Select(s => ResourceMapping.ToResponse(s)).ToList());

    private static async Task<Ok<WebhookResponse>> GetAsync(string ns, string id, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await webhooks.GetAsync(ns, id, ct)));

    private static async Task<Ok<WebhookResponse>> UpdateAsync(string ns, string id, HttpRequest request, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await webhooks.UpdateAsync(ns, id, await ChangeAsync(request, ct), ct)));

    private static async Task<NoContent> DeleteAsync(string ns, string id, WebhookService webhooks, CancellationToken ct)
    {
        await webhooks.DeleteAsync(ns, id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<DeliveryResponse>>> DeliveriesAsync(string ns, string id, string? status, string? limit, WebhookService webhooks, CancellationToken ct)
    {
        if (status is not null and not (WebhookDelivery.Pending or WebhookDelivery.Delivered or WebhookDelivery.Failed))
            throw new BadRequestException("'status' must be pending, delivered or failed.", "status");
        // Read here rather than bound as an int, so that 'abc' or 99999999999 answers a problem naming the field.
        var size = 100;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > WebhookService.MaxDeliveries))
            throw new BadRequestException($"'limit' must be a whole number from 1 to {WebhookService.MaxDeliveries}.", "limit");
        var deliveries = await webhooks.DeliveriesAsync(ns, id, status, size, ct);
        return TypedResults.Ok(deliveries.Select(d => ResourceMapping.ToResponse(d)).ToList());
    }

    private static async Task<Ok<DeliveryResponse>> DeliveryAsync(string ns, string id, string deliveryId, WebhookService webhooks, CancellationToken ct)
    {
        var (delivery, attempts) = await webhooks.DeliveryAsync(ns, id, deliveryId, ct);
        return TypedResults.Ok(ResourceMapping.ToResponse(delivery, attempts));
    }

    private static async Task<Accepted<DeliveryResponse>> RedeliverAsync(string ns, string id, string deliveryId, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.RedeliverAsync(ns, id, deliveryId, ct);
        return TypedResults.Accepted($"/api/v1/namespaces/{ns}/webhooks/{id}/deliveries/{deliveryId}", ResourceMapping.ToResponse(delivery));
    }

    private static async Task<WebhookChange> ChangeAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.RequireAsync(request, WeftJsonContext.Default.WebhookRequest, Body, ct);
        var change = body.Value;
        if (RequestBody.FirstNull(change.Events) is >= 0 and var i) throw new BadRequestException($"'events[{i}]' must be an event name.", $"events[{i}]");
        return new WebhookChange(
            Text(change.Url, "url"),
            change.Events?.Distinct(StringComparer.Ordinal).ToList(),
            body.Has("definition"),
            Text(change.Definition, "definition"),
            Text(change.Secret, "secret"),
            change.Active);
    }

    private static string? Text(string? value, string name) => value is null or { Length: > 0 }
        ? value
        : throw new BadRequestException($"'{name}' must be a non-empty string.", name);
}

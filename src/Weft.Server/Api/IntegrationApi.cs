using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Integration;
using Weft.Core.Services;

using Weft.Server.Auth;

namespace Weft.Server.Api;

/// <summary>The worker queue API: external workers poll a queue, work an item's fields, and complete or fail it.</summary>
internal static class IntegrationApi
{
    public const int MaxPoll = 100;
    public const int MaxLeaseSeconds = 3600;
    public const int MaxWaitSeconds = 30;

    public static IEndpointRouteBuilder MapIntegrationApi(this IEndpointRouteBuilder app)
    {
        var queues = app.MapGroup("/api/v1/namespaces/{ns}/queues").WithTags("Integration");
        queues.MapPost("/{queue}/poll", PollAsync).WithName("PollQueue").RequireNamespaceRole(NamespaceRole.Worker)
            .WithSummary("Lease up to max items of a queue to a worker; waits up to waitSeconds for one to arrive")
            .Accepts<PollRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404);
        var items = app.MapGroup("/api/v1/namespaces/{ns}/integration-items").WithTags("Integration").AcceptsNumbers(NumberedIds.Kind.Item);
        items.MapGet("/{id}", GetAsync).WithName("GetIntegrationItem").RequireNamespaceRole(NamespaceRole.Worker).WithSummary("Get an integration item: its typed fields, status and lease").ProducesProblem(404);
        items.MapPost("/{id}/heartbeat", HeartbeatAsync).WithName("HeartbeatIntegrationItem").RequireNamespaceRole(NamespaceRole.Worker)
            .WithSummary("Extend the lease on an item").Accepts<HeartbeatRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        items.MapPost("/{id}/fields", FieldsAsync).WithName("SetIntegrationItemFields").RequireNamespaceRole(NamespaceRole.Worker)
            .WithSummary("Write the item's output fields (type-checked)").Accepts<FieldsRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        items.MapPost("/{id}/complete", CompleteAsync).WithName("CompleteIntegrationItem").RequireNamespaceRole(NamespaceRole.Worker)
            .WithSummary("Complete the item: its run goes on with the fields and the result").Accepts<CompleteRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        items.MapPost("/{id}/fail", FailAsync).WithName("FailIntegrationItem").RequireNamespaceRole(NamespaceRole.Worker)
            .WithSummary("Fail the item: the step's retry policy decides whether a new item is made").Accepts<FailRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Ok<List<PolledItem>>> PollAsync(string ns, string queue, HttpRequest request, IntegrationService integration, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var body = await BodyAsync(request, "{ \"workerId\": \"...\", \"max\": 10, \"leaseSeconds\": 60, \"waitSeconds\": 20 }", ct);
        var workerId = body["workerId"] is JsonValue w && w.TryGetValue<string>(out var text) && text.Length is > 0 and <= 200
            ? text
            : throw new BadRequestException("'workerId' is required: a name for the worker, at most 200 characters.", "workerId");
        var max = Whole(body, "max", 1, MaxPoll, 1);
        var lease = Whole(body, "leaseSeconds", 1, MaxLeaseSeconds, 60);
        var wait = Whole(body, "waitSeconds", 0, MaxWaitSeconds, 0);
        var items = await integration.PollAsync(ns, queue, workerId, max, TimeSpan.FromSeconds(lease), TimeSpan.FromSeconds(wait), lifetime.ApplicationStopping, ct);
        return TypedResults.Ok(items.Select(PolledItem.From).ToList());
    }

    private static async Task<Ok<ItemResponse>> GetAsync(string ns, string id, IntegrationService integration, CancellationToken ct) =>
        TypedResults.Ok(ItemResponse.From(await integration.GetAsync(ns, id, ct)));

    private static async Task<Ok<ItemResponse>> HeartbeatAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = await BodyAsync(request, "{ \"leaseToken\": 1, \"leaseSeconds\": 60 }", ct);
        var lease = Whole(body, "leaseSeconds", 1, MaxLeaseSeconds, 60);
        return TypedResults.Ok(ItemResponse.From(await integration.HeartbeatAsync(ns, id, Token(body), TimeSpan.FromSeconds(lease), ct)));
    }

    private static async Task<Ok<ItemResponse>> FieldsAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = await BodyAsync(request, "{ \"leaseToken\": 1, \"fields\": { \"key\": value } }", ct);
        var token = Token(body);
        var fields = body["fields"] as JsonObject ?? throw new BadRequestException("'fields' is required: an object of field key to value.", "fields");
        return TypedResults.Ok(ItemResponse.From(await integration.SetFieldsAsync(ns, id, token, fields, ct)));
    }

    private static async Task<Ok<ItemResponse>> CompleteAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = await BodyAsync(request, "{ \"leaseToken\": 1, \"fields\": { ... }, \"result\": ... }", ct);
        var token = Token(body);
        var fields = body["fields"] switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new BadRequestException("'fields' must be an object of field key to value.", "fields"),
        };
        return TypedResults.Ok(ItemResponse.From(await integration.CompleteAsync(ns, id, token, fields, body["result"], ct)));
    }

    private static async Task<Ok<ItemResponse>> FailAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = await BodyAsync(request, "{ \"leaseToken\": 1, \"error\": \"...\", \"retryable\": true }", ct);
        var token = Token(body);
        var error = body["error"] is JsonValue e && e.TryGetValue<string>(out var text) && text.Length is > 0 and <= 4000
            ? text
            : throw new BadRequestException("'error' is required: what went wrong, at most 4000 characters.", "error");
        var retryable = body["retryable"] switch
        {
            null => true,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new BadRequestException("'retryable' must be true or false.", "retryable"),
        };
        return TypedResults.Ok(ItemResponse.From(await integration.FailAsync(ns, id, token, error, retryable, ct)));
    }

    private static async Task<JsonObject> BodyAsync(HttpRequest request, string shape, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) as JsonObject ?? throw new BadRequestException("The body must be a JSON object: " + shape + ".");

    private static long Token(JsonObject body) =>
        body["leaseToken"] is JsonValue v && v.TryGetValue<long>(out var token) && token > 0
            ? token
            : throw new BadRequestException("'leaseToken' is required: the positive whole number the poll gave with the item.", "leaseToken");

    private static int Whole(JsonObject body, string name, int min, int max, int fallback)
    {
        if (body[name] is null) return fallback;
        return body[name] is JsonValue v && v.TryGetValue<int>(out var n) && n >= min && n <= max
            ? n
            : throw new BadRequestException($"'{name}' must be a whole number from {min} to {max}.", name);
    }
}

/// <summary>The poll request: who polls, how many items at most, how long each lease lasts, how long to wait for one.</summary>
internal sealed record PollRequest(string WorkerId, int? Max, int? LeaseSeconds, int? WaitSeconds);

internal sealed record HeartbeatRequest(long LeaseToken, int? LeaseSeconds);

internal sealed record FieldsRequest(long LeaseToken, JsonObject Fields);

internal sealed record CompleteRequest(long LeaseToken, JsonObject? Fields, JsonNode? Result);

internal sealed record FailRequest(long LeaseToken, string Error, bool? Retryable);

/// <summary>An item as a poll hands it out, with the lease that fences the worker's changes.</summary>
internal sealed record PolledItem(string Id, string RunId, string Step, int Attempt, JsonArray Fields, long LeaseToken, DateTimeOffset? LeaseUntil, long Number)
{
    public static PolledItem From(IntegrationItem i) => new(i.Id, i.RunId, i.Step, i.Attempt, i.Fields, i.LeaseToken, i.LeaseUntil, i.Number);
}

/// <summary>An item with its fields, status and lease.</summary>
internal sealed record ItemResponse(
    string Id, string Namespace, string Queue, string RunId, string Step, int Attempt, JsonArray Fields, string Status,
    string? LeaseOwner, long LeaseToken, DateTimeOffset? LeaseUntil, int Deliveries, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, long Number)
{
    public static ItemResponse From(IntegrationItem i) => new(
        i.Id, i.Namespace, i.Queue, i.RunId, i.Step, i.Attempt, i.Fields, i.Status, i.LeaseOwner, i.LeaseToken, i.LeaseUntil, i.Deliveries, i.CreatedAt, i.CompletedAt, i.Number);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Integration;
using Weft.Core.Services;

using Weft.Server.Auth;
using Weft.Contracts;
using Weft.Contracts.Integration;
using Weft.Server.Api.Mapping;

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

    private static readonly BodyRules PollBody = new("{ \"workerId\": \"...\", \"max\": 10, \"leaseSeconds\": 60, \"waitSeconds\": 20 }");

    private static readonly BodyRules HeartbeatBody = new("{ \"leaseToken\": 1, \"leaseSeconds\": 60 }");

    private static readonly BodyRules FieldsBody = new("{ \"leaseToken\": 1, \"fields\": { \"key\": value } }");

    private static readonly BodyRules CompleteBody = new("{ \"leaseToken\": 1, \"fields\": { ... }, \"result\": ... }");

    private static readonly BodyRules FailBody = new("{ \"leaseToken\": 1, \"error\": \"...\", \"retryable\": true }");

    private static async Task<Ok<List<PolledItem>>> PollAsync(string ns, string queue, HttpRequest request, IntegrationService integration, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.PollRequest, PollBody, ct)).Value;
        var workerId = body.WorkerId is { Length: > 0 and <= 200 } text
            ? text
            : throw new BadRequestException("'workerId' is required: a name for the worker, at most 200 characters.", "workerId");
        var max = Whole(body.Max, "max", 1, MaxPoll, 1);
        var lease = Whole(body.LeaseSeconds, "leaseSeconds", 1, MaxLeaseSeconds, 60);
        var wait = Whole(body.WaitSeconds, "waitSeconds", 0, MaxWaitSeconds, 0);
        var items = await integration.PollAsync(ns, queue, workerId, max, TimeSpan.FromSeconds(lease), TimeSpan.FromSeconds(wait), lifetime.ApplicationStopping, ct);
        return TypedResults.Ok(items.Select(i => i.ToPolled()).ToList());
    }

    private static async Task<Ok<ItemResponse>> GetAsync(string ns, string id, IntegrationService integration, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await integration.GetAsync(ns, id, ct)));

    private static async Task<Ok<ItemResponse>> HeartbeatAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.HeartbeatRequest, HeartbeatBody, ct)).Value;
        var lease = Whole(body.LeaseSeconds, "leaseSeconds", 1, MaxLeaseSeconds, 60);
        return TypedResults.Ok(ResourceMapping.ToResponse(await integration.HeartbeatAsync(ns, id, Token(body.LeaseToken), TimeSpan.FromSeconds(lease), ct)));
    }

    private static async Task<Ok<ItemResponse>> FieldsAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.FieldsRequest, FieldsBody, ct)).Value;
        var token = Token(body.LeaseToken);
        var fields = body.Fields ?? throw new BadRequestException("'fields' is required: an object of field key to value.", "fields");
        return TypedResults.Ok(ResourceMapping.ToResponse(await integration.SetFieldsAsync(ns, id, token, fields, ct)));
    }

    private static async Task<Ok<ItemResponse>> CompleteAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.CompleteRequest, CompleteBody, ct)).Value;
        var token = Token(body.LeaseToken);
        return TypedResults.Ok(ResourceMapping.ToResponse(await integration.CompleteAsync(ns, id, token, body.Fields, body.Result, ct)));
    }

    private static async Task<Ok<ItemResponse>> FailAsync(string ns, string id, HttpRequest request, IntegrationService integration, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.FailRequest, FailBody, ct)).Value;
        var token = Token(body.LeaseToken);
        var error = body.Error is { Length: > 0 and <= 4000 } text
            ? text
            : throw new BadRequestException("'error' is required: what went wrong, at most 4000 characters.", "error");
        return TypedResults.Ok(ResourceMapping.ToResponse(await integration.FailAsync(ns, id, token, error, body.Retryable ?? true, ct)));
    }

    private static long Token(long? token) => token is > 0
        ? token.Value
        : throw new BadRequestException("'leaseToken' is required: the positive whole number the poll gave with the item.", "leaseToken");

    private static int Whole(int? value, string name, int min, int max, int fallback) => value switch
    {
        null => fallback,
        { } n when n >= min && n <= max => n,
        _ => throw new BadRequestException($"'{name}' must be a whole number from {min} to {max}.", name),
    };
}

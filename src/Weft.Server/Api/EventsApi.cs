using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;
using Weft.Contracts;
using Weft.Contracts.Events;

namespace Weft.Server.Api;

/// <summary>Events for event steps: to a namespace (matched by name and correlation) or to one run.</summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/namespaces/{ns}/events", PublishAsync).WithTags("Events").WithName("SendEvent").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Send an event: it wakes the run that has waited longest for its name and correlation, or is kept for a run that waits later")
            .Accepts<SendEventRequest>("application/json")
            .Produces<EventAccepted>(202)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        app.MapPost("/api/v1/namespaces/{ns}/runs/{id}/events", SendToRunAsync).WithTags("Events").AcceptsNumbers(NumberedIds.Kind.Run).WithName("SendRunEvent").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Send an event to one run: it wakes that run's step waiting for an event of that name")
            .Accepts<SendRunEventRequest>("application/json")
            .Produces<RunEventAccepted>(202)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        return app;
    }

    private static readonly BodyRules EventBody = new("{ \"name\": \"...\", \"correlation\": \"...\", \"payload\": { ... } }");

    private static readonly BodyRules RunEventBody = new("{ \"name\": \"...\", \"payload\": { ... } }");

    private static async Task<JsonHttpResult<JsonObject>> PublishAsync(string ns, HttpRequest request, EventService events, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.SendEventRequest, EventBody, ct)).Value;
        var name = Name(body.Name);
        var correlation = body.Correlation switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            null => throw new BadRequestException("'correlation' is required: the value a waiting step's correlation must equal.", "correlation"),
            _ => throw new BadRequestException("'correlation' must be a non-empty text (or a number).", "correlation"),
        };
        var published = await events.PublishAsync(ns, name, correlation, body.Payload, ct);
        // Built by hand so that "matched": null is written (the API's JSON options leave nulls out).
        return TypedResults.Json(new JsonObject
        {
            ["id"] = published.Id,
            ["matched"] = published.MatchedRun,
            ["keptUntil"] = published.KeptUntil is { } until ? JsonValue.Create(until) : null,
        }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<JsonHttpResult<RunEventAccepted>> SendToRunAsync(string ns, string id, HttpRequest request, EventService events, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.SendRunEventRequest, RunEventBody, ct)).Value;
        var e = await events.SendToRunAsync(ns, id, Name(body.Name), body.Payload, ct);
        return TypedResults.Json(new RunEventAccepted(e.Id, id, e.Correlation), statusCode: StatusCodes.Status202Accepted);
    }

    private static string Name(string? name) => name is { Length: > 0 }
        ? name
        : throw new BadRequestException(name is null ? "'name' is required: the event's name, as an event step's 'event' gives it." : "'name' must be a non-empty text.", "name");
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;

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

    private static async Task<JsonHttpResult<JsonObject>> PublishAsync(string ns, HttpRequest request, EventService events, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, "{ \"name\": \"...\", \"correlation\": \"...\", \"payload\": { ... } }", ct);
        var name = Name(body);
        var correlation = body["correlation"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            null => throw new BadRequestException("'correlation' is required: the value a waiting step's correlation must equal.", "correlation"),
            _ => throw new BadRequestException("'correlation' must be a non-empty text (or a number).", "correlation"),
        };
        var published = await events.PublishAsync(ns, name, correlation, Payload(body), ct);
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
        var body = await ReadBodyAsync(request, "{ \"name\": \"...\", \"payload\": { ... } }", ct);
        var name = Name(body);
        var e = await events.SendToRunAsync(ns, id, name, Payload(body), ct);
        return TypedResults.Json(new RunEventAccepted(e.Id, id, e.Correlation), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request, string shape, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) as JsonObject ?? throw new BadRequestException($"The body must be a JSON object: {shape}.");

    private static string Name(JsonObject body) => body["name"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
        null => throw new BadRequestException("'name' is required: the event's name, as an event step's 'event' gives it.", "name"),
        _ => throw new BadRequestException("'name' must be a non-empty text.", "name"),
    };

    private static JsonObject? Payload(JsonObject body) => body["payload"] switch
    {
        null => null,
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => throw new BadRequestException("'payload' must be a JSON object.", "payload"),
    };
}

/// <summary>The body of <c>POST .../events</c>.</summary>
public sealed record SendEventRequest(string Name, string Correlation, JsonObject? Payload);

/// <summary>The answer to <c>POST .../events</c>: the run it woke (or null), or until when it is kept.</summary>
public sealed record EventAccepted(string Id, string? Matched, DateTimeOffset? KeptUntil);

/// <summary>The body of <c>POST .../runs/{id}/events</c>.</summary>
public sealed record SendRunEventRequest(string Name, JsonObject? Payload);

/// <summary>The answer to <c>POST .../runs/{id}/events</c>: the event's id, the run it woke and the correlation it carried.</summary>
public sealed record RunEventAccepted(string Id, string Run, string Correlation);

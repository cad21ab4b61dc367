using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Weft.Server.Api;
using Weft.Server.Auth;
using Weft.Server.FrontDoors;

namespace Weft.Server.Compat.WorkflowServerApi;

/// <summary>
/// Reference 001, OptimaJet Workflow Server's Workflow API at <c>/workflowapi</c> (docs/compat.md, section 001): one
/// front door whose routes name no namespace (it works in <c>Weft:Compat:WorkflowServerApi:Namespace</c>, or the one
/// <c>tenantId</c> names), whose credential is a bearer token or a <c>token</c> field (query, form or JSON), and whose
/// every answer is the product's envelope <c>{data, success, error, message}</c> with PascalCase payloads. Operation
/// errors are HTTP 200 with <c>success: false</c>, as the product answers them; auth failures are 401/403.
/// </summary>
internal static class WorkflowServerApi
{
    public const string NamespaceSetting = "Weft:Compat:WorkflowServerApi:Namespace";

    /// <summary>The door's JSON: names as written (the envelope's camelCase keys and the payloads' PascalCase ones are spelled out).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static IEndpointRouteBuilder MapWorkflowServerApi(this IEndpointRouteBuilder app)
    {
        var configured = app.ServiceProvider.GetRequiredService<IConfiguration>()[NamespaceSetting];
        var door = new FrontDoor
        {
            Name = "workflowapi",
            Errors = new JsonEnvelopeShape(p => Envelope.Failure(p.Title ?? "Error", p.Detail)),
            Json = Json,
            Namespace = NamespaceSources.FirstOf(NamespaceSources.Query("tenantId"), NamespaceSources.Body("tenantId"),
                NamespaceSources.Fixed(string.IsNullOrWhiteSpace(configured) ? "default" : configured.Trim())),
            Credentials = CredentialSources.FirstOf(CredentialSources.Bearer, CredentialSources.Query("token"), CredentialSources.Body("token")),
            AcceptsApiAccessToken = true,
        };
        var group = app.MapGroup("/workflowapi").WithFrontDoor(door).WithTags("Workflow Server API (reference 001)");
        string[] methods = ["GET", "POST"];
        group.MapMethods("/", methods, HandleAsync).RequireNamespaceRole(NamespaceRole.Operator)
            .WithName("WorkflowApiByQuery").WithSummary("Workflow API: /workflowapi?operation=...&processId=...").DisableAntiforgery();
        group.MapMethods("/{operation}", methods, HandleAsync).RequireNamespaceRole(NamespaceRole.Operator)
            .WithName("WorkflowApiOperation").WithSummary("Workflow API: /workflowapi/{operation}?processId=...").DisableAntiforgery();
        group.MapMethods("/{operation}/{processId}", methods, HandleAsync).RequireNamespaceRole(NamespaceRole.Operator)
            .WithName("WorkflowApiInstanceOperation").WithSummary("Workflow API: /workflowapi/{operation}/{processId}").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            var parameters = await WorkflowApiParameters.ReadAsync(http, ct);
            if (parameters.BodyProblem is { } bodyProblem) return Answer(Envelope.Failure("Invalid request body type", bodyProblem));
            var operation = parameters.Text("operation")?.ToLowerInvariant();
            if (operation is null) return Answer(Envelope.Failure("ArgumentException", "Parameter 'operation' is required. Use such URL format: workflowapi/{operation}."));
            var ns = FrontDoor.NamespaceOf(http) ?? "default";
            var call = new WorkflowApiCall(http, parameters, ns, ct);
            return Answer(await WorkflowApiOperations.RunAsync(operation, call));
        }
        catch (Exception e) when (ProblemMapping.Map(e) is { Status: not (401 or 413) } problem)
        {
            // The product answers an operation's failure as HTTP 200 with success false and the reason.
            return Answer(Envelope.Failure(problem.Title ?? e.GetType().Name, problem.Detail));
        }
    }

    private static IResult Answer(JsonObject envelope) => Results.Json(envelope, Json);
}

/// <summary>The product's envelope: <c>{"data": ..., "success": ..., "error": ..., "message": ...}</c>.</summary>
internal static class Envelope
{
    public static JsonObject Success(JsonNode? data, string? message = null) =>
        new() { ["data"] = data, ["success"] = true, ["error"] = null, ["message"] = message };

    public static JsonObject Failure(string error, string? message) =>
        new() { ["data"] = null, ["success"] = false, ["error"] = error, ["message"] = message };
}

/// <summary>One Workflow API request: its parameters, the namespace it works in, and the caller.</summary>
internal sealed record WorkflowApiCall(HttpContext Http, WorkflowApiParameters Parameters, string Namespace, CancellationToken Ct)
{
    public T Service<T>() where T : notnull => Http.RequestServices.GetRequiredService<T>();

    public string? CallerId => Caller.From(Http)?.Id;

    /// <summary>The instance id: <c>processId</c> from the path, query or body, which must be a GUID.</summary>
    public string? ProcessId => Parameters.Text("processId") is { } id && Guid.TryParse(id, out var guid) ? guid.ToString("D") : null;
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;
using Weft.Server.Auth;
using Weft.Contracts.Cases;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static class ParameterSetsApi
{
    public static RouteGroupBuilder MapParameterSetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/parameter-sets").WithTags("Parameter sets");
        group.MapPost("/", CreateAsync).WithName("CreateParameterSet").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Store named input for a definition, checked against its typed input").Accepts<ParameterSetRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/", ListAsync).WithName("ListParameterSets").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("List parameter sets, of one definition with ?definition=").ProducesProblem(404);
        group.MapGet("/{id}", GetAsync).WithName("GetParameterSet").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get a parameter set").ProducesProblem(404);
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateParameterSet").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Replace a parameter set's input (and version); checked again").ProducesProblem(400).ProducesProblem(404);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteParameterSet").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Delete a parameter set; runs started from it are not changed").ProducesProblem(404);
        return group;
    }

    private static async Task<Created<ParameterSetResponse>> CreateAsync(string ns, HttpRequest request, ParameterSetService sets, CancellationToken ct)
    {
        var body = await BodyAsync(request, ct);
        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : throw new BadRequestException("'name' is required: a string.", "name");
        var definition = body["definition"] is JsonValue d && d.TryGetValue<string>(out var def) && def.Length > 0
            ? def
            : throw new BadRequestException("'definition' is required: the name of a deployed definition.", "definition");
        var created = await sets.CreateAsync(ns, name, definition, Version(body), Input(body), ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/parameter-sets/{created.Id}", ResourceMapping.ToResponse(created));
    }

    /// <param name="definition">Only the parameter sets of this definition.</param>
    private static async Task<Ok<List<ParameterSetResponse>>> ListAsync(string ns, ParameterSetService sets, CancellationToken ct, string? definition = null) =>
        TypedResults.Ok((await sets.ListAsync(ns, string.IsNullOrEmpty(definition) ? null : definition, ct)).Select(p => p.ToResponse()).ToList());

    private static async Task<Ok<ParameterSetResponse>> GetAsync(string ns, string id, ParameterSetService sets, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await sets.GetAsync(ns, id, ct)));

    private static async Task<Ok<ParameterSetResponse>> UpdateAsync(string ns, string id, HttpRequest request, ParameterSetService sets, CancellationToken ct)
    {
        var body = await BodyAsync(request, ct);
        return TypedResults.Ok(ResourceMapping.ToResponse(await sets.UpdateAsync(ns, id, Version(body), Input(body), ct)));
    }

    private static async Task<NoContent> DeleteAsync(string ns, string id, ParameterSetService sets, CancellationToken ct)
    {
        await sets.DeleteAsync(ns, id, ct);
        return TypedResults.NoContent();
    }

    private static int? Version(JsonObject body) => body["version"] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var n) && n > 0 => n,
        _ => throw new BadRequestException("'version' must be a positive whole number.", "version"),
    };

    private static JsonObject Input(JsonObject body) => body["input"] switch
    {
        null => [],
        JsonObject o => o.DeepClone().AsObject(),
        _ => throw new BadRequestException("'input' must be a JSON object.", "input"),
    };

    private static async Task<JsonObject> BodyAsync(HttpRequest request, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) as JsonObject
            ?? throw new BadRequestException("The body must be a JSON object: { \"name\": \"...\", \"definition\": \"...\", \"input\": { ... } }.");
}

using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;
using Weft.Server.Auth;
using Weft.Contracts;
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
            .WithSummary("Replace a parameter set's input (and version); checked again").Accepts<ParameterSetUpdateRequest>("application/json").ProducesProblem(400).ProducesProblem(404);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteParameterSet").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Delete a parameter set; runs started from it are not changed").ProducesProblem(404);
        return group;
    }

    private static readonly BodyRules CreateBody = new("{ \"name\": \"...\", \"definition\": \"...\", \"input\": { ... } }");

    private static readonly BodyRules UpdateBody = new("{ \"version\": 1, \"input\": { ... } }");

    private static async Task<Created<ParameterSetResponse>> CreateAsync(string ns, HttpRequest request, ParameterSetService sets, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.ParameterSetRequest, CreateBody, ct)).Value;
        var name = body.Name ?? throw new BadRequestException("'name' is required: a string.", "name");
        var definition = body.Definition is { Length: > 0 } def
            ? def
            : throw new BadRequestException("'definition' is required: the name of a deployed definition.", "definition");
        var created = await sets.CreateAsync(ns, name, definition, Version(body.Version), body.Input ?? [], ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/parameter-sets/{created.Id}", ResourceMapping.ToResponse(created));
    }

    /// <param name="definition">Only the parameter sets of this definition.</param>
    private static async Task<Ok<List<ParameterSetResponse>>> ListAsync(string ns, ParameterSetService sets, CancellationToken ct, string? definition = null) =>
        TypedResults.Ok((await sets.ListAsync(ns, string.IsNullOrEmpty(definition) ? null : definition, ct)).Select(p => p.ToResponse()).ToList());

    private static async Task<Ok<ParameterSetResponse>> GetAsync(string ns, string id, ParameterSetService sets, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await sets.GetAsync(ns, id, ct)));

    private static async Task<Ok<ParameterSetResponse>> UpdateAsync(string ns, string id, HttpRequest request, ParameterSetService sets, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.ParameterSetUpdateRequest, UpdateBody, ct)).Value;
        return TypedResults.Ok(ResourceMapping.ToResponse(await sets.UpdateAsync(ns, id, Version(body.Version), body.Input ?? [], ct)));
    }

    private static async Task<NoContent> DeleteAsync(string ns, string id, ParameterSetService sets, CancellationToken ct)
    {
        await sets.DeleteAsync(ns, id, ct);
        return TypedResults.NoContent();
    }

    private static int? Version(int? version) => version is null or > 0
        ? version
        : throw new BadRequestException("'version' must be a positive whole number.", "version");
}

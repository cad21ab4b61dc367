using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Services;

using Weft.Server.Auth;
using Weft.Contracts.Definitions;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static class DefinitionsApi
{
    public static RouteGroupBuilder MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/definitions").WithTags("Definitions");
        group.MapPost("/", DeployAsync).WithName("DeployDefinition").RequireNamespaceRole(NamespaceRole.Author)
            .WithSummary("Deploy a definition (YAML or JSON); a changed one becomes the next version, an identical one returns the stored version")
            .Accepts<string>("application/yaml", "application/json", "application/x-yaml", "text/yaml", "text/plain")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(422);
        group.MapGet("/", ListAsync).WithName("ListDefinitions").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("List the latest version of every definition").ProducesProblem(404);
        group.MapGet("/{name}", GetLatestAsync).WithName("GetDefinition").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get the latest version of a definition").ProducesProblem(404);
        group.MapGet("/{name}/versions", ListVersionsAsync).WithName("ListDefinitionVersions").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("List every version of a definition").ProducesProblem(404);
        group.MapGet("/{name}/versions/{version:int}", GetVersionAsync).WithName("GetDefinitionVersion").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get one version of a definition").ProducesProblem(404);
        return group;
    }

    private static async Task<Results<Created<DefinitionResponse>, Ok<DefinitionResponse>>> DeployAsync(string ns, HttpRequest request, DefinitionService definitions, CancellationToken ct)
    {
        var text = await RequestBody.ReadTextAsync(request, ct);
        if (string.IsNullOrWhiteSpace(text)) throw new BadRequestException("The body is empty: send the definition as YAML or JSON.", line: 1, column: 1);
        var type = request.ContentType ?? "";
        var json = type.Contains("json", StringComparison.OrdinalIgnoreCase) || (type.Length == 0 && text.TrimStart().StartsWith('{'));
        var (stored, created) = await definitions.DeployAsync(ns, text, json, ct);
        var body = ResourceMapping.ToResponse(stored, definitions.Model(stored));
        return created
            ? TypedResults.Created($"/api/v1/namespaces/{ns}/definitions/{stored.Name}/versions/{stored.Version}", body)
            : TypedResults.Ok(body);
    }

    private static async Task<Ok<IReadOnlyList<DefinitionResponse>>> ListAsync(string ns, DefinitionService definitions, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DefinitionResponse>>((await definitions.ListAsync(ns, ct)).Select(d => ResourceMapping.ToResponse(d)).ToList());

    private static async Task<Ok<DefinitionResponse>> GetLatestAsync(string ns, string name, DefinitionService definitions, CancellationToken ct)
    {
        var stored = await definitions.GetAsync(ns, name, null, ct);
        return TypedResults.Ok(ResourceMapping.ToResponse(stored, definitions.Model(stored), withSource: true));
    }

    private static async Task<Ok<IReadOnlyList<DefinitionResponse>>> ListVersionsAsync(string ns, string name, DefinitionService definitions, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        return TypedResults.Ok<IReadOnlyList<DefinitionResponse>>((await definitions.ListVersionsAsync(ns, name, ct)).Select(d => ResourceMapping.ToResponse(d)).ToList());
    }

    private static async Task<Ok<DefinitionResponse>> GetVersionAsync(string ns, string name, int version, DefinitionService definitions, CancellationToken ct)
    {
        var stored = await definitions.GetAsync(ns, name, version, ct);
        return TypedResults.Ok(ResourceMapping.ToResponse(stored, definitions.Model(stored), withSource: true));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Cases;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Server.Auth;
using Weft.Contracts.Cases;
using Weft.Contracts.Runs;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/cases").WithTags("Cases");
        group.MapPost("/", CreateAsync).WithName("CreateCase").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Create a case: the person or company runs are about").Accepts<CaseRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/", ListAsync).WithName("ListCases").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("List cases, newest first; search names, email, company and personal number with q").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/{id}", GetAsync).WithName("GetCase").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get a case").ProducesProblem(404);
        group.MapPut("/{id}", ReplaceAsync).WithName("ReplaceCase").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Replace a case's fields (a field left out is cleared)").Accepts<CaseRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapPatch("/{id}", PatchAsync).WithName("UpdateCase").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Change some of a case's fields (null clears one)").Accepts<CaseRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id}/erase", EraseAsync).WithName("EraseCase").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("Erase a case's personal data, in the case and in its runs' copies; the runs stay").ProducesProblem(404);
        group.MapDelete("/{id}/personal-data", EraseAsync).WithName("DeleteCasePersonalData").RequireNamespaceRole(NamespaceRole.Admin)
            .WithSummary("The same as POST .../erase").ProducesProblem(404);
        group.MapGet("/{id}/runs", RunsAsync).WithName("ListCaseRuns").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("List the runs of a case, newest first").ProducesProblem(400).ProducesProblem(404);
        return group;
    }

    private static async Task<Created<CaseResponse>> CreateAsync(string ns, HttpRequest request, CaseService cases, CancellationToken ct)
    {
        var created = await cases.CreateAsync(ns, await BodyAsync(request, ct), ct);
        return TypedResults.Created($"/api/v1/namespaces/{ns}/cases/{created.Id}", ResourceMapping.ToResponse(created));
    }

    private static async Task<Ok<CaseResponse>> GetAsync(string ns, string id, CaseService cases, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await cases.GetAsync(ns, id, ct)));

    /// <param name="q">Partial, case-insensitive match on first or last name, email, company name or personal number.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    private static async Task<Ok<CaseListResponse>> ListAsync(string ns, CaseService cases, CancellationToken ct, string? q = null, string? limit = null, string? cursor = null)
    {
        var page = await cases.ListAsync(new CaseQuery(ns, string.IsNullOrEmpty(q) ? null : q, Limit(limit), string.IsNullOrEmpty(cursor) ? null : cursor), ct);
        return TypedResults.Ok(new CaseListResponse(page.Cases.Select(c => c.ToResponse()).ToList(), page.Next));
    }

    private static async Task<Ok<CaseResponse>> ReplaceAsync(string ns, string id, HttpRequest request, CaseService cases, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await cases.UpdateAsync(ns, id, await BodyAsync(request, ct), replace: true, ct)));

    private static async Task<Ok<CaseResponse>> PatchAsync(string ns, string id, HttpRequest request, CaseService cases, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await cases.UpdateAsync(ns, id, await BodyAsync(request, ct), replace: false, ct)));

    private static async Task<Ok<CaseResponse>> EraseAsync(string ns, string id, CaseService cases, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await cases.EraseAsync(ns, id, ct)));

    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page (this listing's, or of <c>GET .../runs?case=</c>).</param>
    private static async Task<Ok<RunListResponse>> RunsAsync(string ns, string id, CaseService cases, RunService runs, CancellationToken ct, string? limit = null, string? cursor = null)
    {
        await cases.GetAsync(ns, id, ct);
        var page = await runs.ListAsync(new RunQuery(ns, Limit: Limit(limit), After: RunsApi.DecodeCursor(cursor, RunSort.CreatedAt)) { CaseId = id }, ct);
        return TypedResults.Ok(new RunListResponse(page.Runs.Select(r => r.ToSummary()).ToList(), RunsApi.EncodeCursor(page.Next, RunSort.CreatedAt)));
    }

    private static int Limit(string? limit)
    {
        if (limit is null) return 50;
        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= 500
            ? size
            : throw new BadRequestException("'limit' must be a whole number from 1 to 500.", "limit");
    }

    private static async Task<JsonObject> BodyAsync(HttpRequest request, CancellationToken ct) =>
        await RequestBody.ReadJsonAsync(request, ct) as JsonObject
            ?? throw new BadRequestException("The body must be a JSON object: { \"firstName\": ..., \"lastName\": ..., \"email\": ..., \"attributes\": { ... } }.");
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;

using Weft.Server.Auth;
using Weft.Contracts.Runs;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

/// <summary>The last run of a definition, and one step or one variable of a run.</summary>
internal static class RunInspectionApi
{
    public static IEndpointRouteBuilder MapRunInspectionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/definitions/{name}/runs/latest", LatestAsync).WithTags("Runs").WithName("GetLatestRun").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("The most recently created run of a definition (any version): id, status and creation time")
            .ProducesProblem(404);
        var group = app.MapGroup("/api/v1/namespaces/{ns}/runs/{id}").WithTags("Runs").AcceptsNumbers(NumberedIds.Kind.Run);
        group.MapGet("/steps/{step}", StepAsync).WithName("GetRunStep").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("A step's latest execution, by its key (scope/id) or its id").ProducesProblem(404);
        group.MapGet("/variables/{name}", VariableAsync).WithName("GetRunVariable").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("A run variable's current value").ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<LatestRunResponse>> LatestAsync(string ns, string name, DefinitionService definitions, RunService runs, CancellationToken ct)
    {
        await definitions.GetAsync(ns, name, null, ct);
        var page = await runs.ListAsync(new RunQuery(ns, name, Limit: 1), ct);
        var run = page.Runs.Count > 0 ? page.Runs[0] : throw new NotFoundException($"Definition '{name}' has no run in namespace '{ns}'.");
        return TypedResults.Ok(new LatestRunResponse(run.Id, run.Status.ToName(), run.CreatedAt));
    }

    private static async Task<Ok<StepResponse>> StepAsync(string ns, string id, string step, RunService runs, CancellationToken ct)
    {
        var run = await runs.GetAsync(ns, id, ct);
        var s = run.State.Steps.FirstOrDefault(x => x.Key == step) ?? run.State.Steps.LastOrDefault(x => x.Id == step)
            ?? throw new NotFoundException($"Run '{id}' has no step '{step}'.");
        return TypedResults.Ok(s.ToResponse());
    }

    private static async Task<Ok<VariableResponse>> VariableAsync(string ns, string id, string name, RunService runs, CancellationToken ct)
    {
        var run = await runs.GetAsync(ns, id, ct);
        if (!run.State.Vars.TryGetPropertyValue(name, out var value)) throw new NotFoundException($"Run '{id}' has no variable '{name}'.");
        return TypedResults.Ok(new VariableResponse(name, value?.DeepClone()));
    }
}

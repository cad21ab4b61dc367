using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Server.Api;

/// <summary>One loop iteration of a run (<c>GET .../runs/{id}?iterations=true</c>): its item, status and the steps it ran.</summary>
public sealed record IterationResponse(string Key, string Owner, int? Index, JsonNode? Item, string Status, string? Error, IReadOnlyList<StepResponse> Steps)
{
    /// <summary>The run's answer, with <c>iterations</c> added when <paramref name="flag"/> is <c>true</c> (as it is for <c>false</c> or none).</summary>
    public static RunResponse Answer(RunRecord run, string? flag) => flag switch
    {
        null or "" or "false" => RunResponse.From(run),
        "true" => RunResponse.From(run) with { Iterations = Of(run) },
        _ => throw new BadRequestException("'iterations' must be true or false.", "iterations"),
    };

    private static List<IterationResponse> Of(RunRecord run) =>
        run.State.Scopes.Where(s => s.Kind == "iteration")
            .Select(s => new IterationResponse(s.Key, s.Owner, s.Index, s.Item, s.Status, s.Error,
                run.State.Steps.Where(step => step.Scope == s.Key).Select(StepResponse.From).ToList()))
            .ToList();
}

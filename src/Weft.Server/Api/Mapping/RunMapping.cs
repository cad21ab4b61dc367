using Weft.Contracts.Runs;
using Weft.Core.Runs;

namespace Weft.Server.Api.Mapping;

/// <summary>Runs, their steps and history as the native API shows them.</summary>
internal static class RunMapping
{
    public static RunResponse ToResponse(this RunRecord r) => new(
        r.Id, r.Namespace, r.DefinitionName, r.DefinitionVersion, r.DefinitionId, r.Status.ToName(),
        r.Input, r.State.Vars, r.Output, r.Error.ToResponse(), r.State.Current, r.CreatedAt, r.UpdatedAt, r.EndedAt,
        r.State.Steps.Select(s => s.ToResponse()).ToList(),
        r.State.Scopes.Select(s => new ScopeResponse(s.Key, s.Kind, s.Owner, s.Name, s.Index, s.Status, s.Error)).ToList(),
        r.ParentLink(), r.Tags, r.BusinessKey, r.CaseId, r.Subject, r.State.RerunOf.ToResponse(), Number: r.Number);

    public static StepResponse ToResponse(this StepState s) =>
        new(s.Id, s.Key, s.Scope, s.Kind, s.Status, s.Attempts, s.Output, s.Error, s.StartedAt, s.EndedAt, s.DueAt, s.ChildRunId);

    public static RunSummary ToSummary(this RunRecord r) => new(
        r.Id, r.DefinitionName, r.DefinitionVersion, r.Status.ToName(), r.CreatedAt, r.UpdatedAt, r.EndedAt, r.Error.ToResponse(),
        r.ParentLink(), r.Tags, r.BusinessKey, r.CaseId, r.State.RerunOf.ToResponse(), r.Number);

    public static RunResultResponse ToResult(this RunRecord r) => new(r.Id, r.Status.ToName(), r.Output, r.Error.ToResponse(), r.CaseId, r.EndedAt, r.Number);

    public static HistoryEventResponse ToResponse(this HistoryEvent e) => new(e.Seq, e.At, e.Type, e.Step, e.Data);

    public static RunErrorResponse? ToResponse(this RunError? e) => e is null ? null : new(e.Message, e.Step);

    public static Weft.Contracts.Runs.RerunLink? ToResponse(this Weft.Core.Runs.RerunLink? l) => l is null ? null : new(l.RunId, l.Step);

    /// <summary>The run and step that started a child run, or null for a run started otherwise.</summary>
    public static ParentLink? ParentLink(this RunRecord r) => r.ParentRunId is null ? null : new ParentLink(r.ParentRunId, r.ParentStep ?? "");

    /// <summary>The run's answer, with <c>iterations</c> added when <paramref name="flag"/> is <c>true</c> (as it is for <c>false</c> or none).</summary>
    public static RunResponse Answer(RunRecord run, string? flag) => flag switch
    {
        null or "" or "false" => run.ToResponse(),
        "true" => run.ToResponse() with { Iterations = Iterations(run) },
        _ => throw new BadRequestException("'iterations' must be true or false.", "iterations"),
    };

    private static List<IterationResponse> Iterations(RunRecord run) =>
        run.State.Scopes.Where(s => s.Kind == "iteration")
            .Select(s => new IterationResponse(s.Key, s.Owner, s.Index, s.Item, s.Status, s.Error,
                run.State.Steps.Where(step => step.Scope == s.Key).Select(step => step.ToResponse()).ToList()))
            .ToList();
}

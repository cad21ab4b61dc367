using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Server.Api;

/// <summary>A deployed definition version.</summary>
public sealed record DefinitionResponse(
    string Id, string Namespace, string Name, int Version, string? Description, string Format, string Hash, DateTimeOffset CreatedAt,
    IReadOnlyList<InputResponse>? Inputs = null, IReadOnlyList<StepSummary>? Steps = null, string? Source = null, long Number = 0)
{
    public static DefinitionResponse From(StoredDefinition d, WorkflowDefinition? model = null, bool withSource = false) => new(
        d.Id, d.Namespace, d.Name, d.Version, d.Description, d.Format, d.Hash, d.CreatedAt,
        model?.Inputs.Select(i => new InputResponse(i.Name, i.Type.ToString().ToLowerInvariant(), i.Required, i.Default, i.Description)).ToList(),
        model?.Steps.Select(s => new StepSummary(s.Id, s.Kind)).ToList(),
        withSource ? d.Source : null, d.Number);
}

public sealed record InputResponse(string Name, string Type, bool Required, JsonNode? Default, string? Description);

public sealed record StepSummary(string Id, string Kind);

/// <summary>The body of <c>POST .../runs</c>.</summary>
public sealed record StartRunRequest(string Definition, int? Version, JsonObject? Input, string? Case = null, string? ParameterSet = null);

/// <summary>The body of <c>POST .../runs/{id}/terminate</c> (optional).</summary>
public sealed record TerminateRequest(string? Reason);

/// <summary>A run with its steps.</summary>
public sealed record RunResponse(
    string Id, string Namespace, string Definition, int DefinitionVersion, string DefinitionId, string Status,
    JsonObject Input, JsonObject Variables, JsonNode? Output, RunError? Error, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, IReadOnlyList<StepResponse> Steps,
    IReadOnlyList<ScopeResponse> Scopes, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null,
    string? CaseId = null, JsonObject? Subject = null, RerunLink? RerunOf = null, IReadOnlyList<IterationResponse>? Iterations = null, long Number = 0)
{
    public static RunResponse From(RunRecord r) => new(
        r.Id, r.Namespace, r.DefinitionName, r.DefinitionVersion, r.DefinitionId, r.Status.ToName(),
        r.Input, r.State.Vars, r.Output, r.Error, r.State.Current, r.CreatedAt, r.UpdatedAt, r.EndedAt,
        r.State.Steps.Select(StepResponse.From).ToList(),
        r.State.Scopes.Select(s => new ScopeResponse(s.Key, s.Kind, s.Owner, s.Name, s.Index, s.Status, s.Error)).ToList(),
        ParentLink.Of(r), r.Tags, r.BusinessKey, r.CaseId, r.Subject, r.State.RerunOf, Number: r.Number);
}

/// <summary>A step's latest execution; <c>key</c> is its address in the run (<c>scope/id</c> inside a branch or loop iteration).</summary>
public sealed record StepResponse(string Id, string Key, string? Scope, string Kind, string Status, int Attempts, JsonNode? Output, string? Error, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? DueAt, string? ChildRunId = null)
{
    public static StepResponse From(StepState s) => new(s.Id, s.Key, s.Scope, s.Kind, s.Status, s.Attempts, s.Output, s.Error, s.StartedAt, s.EndedAt, s.DueAt, s.ChildRunId);
}

/// <summary>A branch, loop iteration or compensation of the run.</summary>
public sealed record ScopeResponse(string Key, string Kind, string Owner, string? Name, int? Index, string Status, string? Error);

/// <summary>One row of a run listing.</summary>
public sealed record RunSummary(string Id, string Definition, int DefinitionVersion, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, RunError? Error, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null, string? CaseId = null, RerunLink? RerunOf = null, long Number = 0)
{
    public static RunSummary From(RunRecord r) => new(r.Id, r.DefinitionName, r.DefinitionVersion, r.Status.ToName(), r.CreatedAt, r.UpdatedAt, r.EndedAt, r.Error, ParentLink.Of(r), r.Tags, r.BusinessKey, r.CaseId, r.State.RerunOf, r.Number);
}

public sealed record RunListResponse(IReadOnlyList<RunSummary> Items, string? NextCursor, long? Total = null, bool? TotalEstimated = null);

public sealed record HistoryResponse(string RunId, IReadOnlyList<HistoryEvent> Events);

public sealed record NamespaceResponse(string Name);

using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>A run with its steps.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Definition">The name of the definition it runs.</param>
/// <param name="DefinitionVersion">The version of that definition.</param>
/// <param name="DefinitionId">The id of that definition version.</param>
/// <param name="Status">One of <see cref="RunStatusNames"/>.</param>
/// <param name="Input">The input it was started with.</param>
/// <param name="Variables">Its variables now.</param>
/// <param name="Output">Its output, once completed.</param>
/// <param name="Error">Why it failed, timed out or was terminated.</param>
/// <param name="CurrentStep">The top-level step it is at.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Steps">Every step's latest execution.</param>
/// <param name="Scopes">Its branches, loop iterations and compensations.</param>
/// <param name="Parent">The run and step that started it, for a child run.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="BusinessKey">Its business key.</param>
/// <param name="CaseId">The case it is about.</param>
/// <param name="Subject">The snapshot of its case's fields taken at start.</param>
/// <param name="RerunOf">The run and step it was rerun from.</param>
/// <param name="Iterations">Its loop iterations (only with <c>?iterations=true</c>).</param>
public sealed record RunResponse(
    string Id, string Namespace, string Definition, int DefinitionVersion, string DefinitionId, string Status,
    JsonObject Input, JsonObject Variables, JsonNode? Output, RunErrorResponse? Error, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, IReadOnlyList<StepResponse> Steps,
    IReadOnlyList<ScopeResponse> Scopes, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null,
    string? CaseId = null, JsonObject? Subject = null, RerunLink? RerunOf = null, IReadOnlyList<IterationResponse>? Iterations = null);

/// <summary>A step's latest execution; <c>key</c> is its address in the run (<c>scope/id</c> inside a branch or loop iteration).</summary>
/// <param name="Id">The step's id in the definition.</param>
/// <param name="Key">Its address in the run.</param>
/// <param name="Scope">The branch or iteration it ran in.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Status">One of <see cref="StepStatuses"/>.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="Output">Its output.</param>
/// <param name="Error">Its last error.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="DueAt">When its timer or retry falls due.</param>
/// <param name="ChildRunId">The child run a subworkflow step started.</param>
public sealed record StepResponse(
    string Id, string Key, string? Scope, string Kind, string Status, int Attempts, JsonNode? Output, string? Error,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? DueAt, string? ChildRunId = null);

/// <summary>A branch, loop iteration or compensation of the run.</summary>
/// <param name="Key">Its address in the run.</param>
/// <param name="Kind">branch, iteration or compensation.</param>
/// <param name="Owner">The step that owns it.</param>
/// <param name="Name">A branch's name.</param>
/// <param name="Index">An iteration's index.</param>
/// <param name="Status">Its status.</param>
/// <param name="Error">Why it failed.</param>
public sealed record ScopeResponse(string Key, string Kind, string Owner, string? Name, int? Index, string Status, string? Error);

/// <summary>One loop iteration of a run (<c>GET .../runs/{id}?iterations=true</c>): its item, status and the steps it ran.</summary>
/// <param name="Key">Its scope key.</param>
/// <param name="Owner">The loop step.</param>
/// <param name="Index">Its index.</param>
/// <param name="Item">The item it ran for.</param>
/// <param name="Status">Its status.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Steps">The steps it ran.</param>
public sealed record IterationResponse(string Key, string Owner, int? Index, JsonNode? Item, string Status, string? Error, IReadOnlyList<StepResponse> Steps);

/// <summary>Why a run failed, timed out or was terminated.</summary>
/// <param name="Message">What went wrong.</param>
/// <param name="Step">The step where it went wrong.</param>
public sealed record RunErrorResponse(string Message, string? Step = null);

/// <summary>The run and step that started a child run (a <c>subworkflow</c> step).</summary>
/// <param name="RunId">The parent run.</param>
/// <param name="Step">The parent's step.</param>
public sealed record ParentLink(string RunId, string Step);

/// <summary>The run and step a rerun was made from.</summary>
/// <param name="RunId">The original run.</param>
/// <param name="Step">The step the rerun started at.</param>
public sealed record RerunLink(string RunId, string Step);

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
/// <param name="Number">The run's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record RunResponse(
    string Id, string Namespace, string Definition, int DefinitionVersion, string DefinitionId, string Status,
    JsonObject Input, JsonObject Variables, JsonNode? Output, RunErrorResponse? Error, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, IReadOnlyList<StepResponse> Steps,
    IReadOnlyList<ScopeResponse> Scopes, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null,
    string? CaseId = null, JsonObject? Subject = null, RerunLink? RerunOf = null, IReadOnlyList<IterationResponse>? Iterations = null, long Number = 0);

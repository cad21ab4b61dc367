using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>One row of a run listing.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Definition">Its definition's name.</param>
/// <param name="DefinitionVersion">Its definition's version.</param>
/// <param name="Status">One of <see cref="RunStatusNames"/>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Parent">The run that started it.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="BusinessKey">Its business key.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="RerunOf">The run it was rerun from.</param>
public sealed record RunSummary(
    string Id, string Definition, int DefinitionVersion, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt,
    RunErrorResponse? Error, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null,
    string? CaseId = null, RerunLink? RerunOf = null);

/// <summary>A page of runs.</summary>
/// <param name="Items">The runs.</param>
/// <param name="NextCursor">The cursor of the next page; none on the last.</param>
/// <param name="Total">How many runs match (offset paging only).</param>
/// <param name="TotalEstimated">true when <paramref name="Total"/> is an estimate.</param>
public sealed record RunListResponse(IReadOnlyList<RunSummary> Items, string? NextCursor, long? Total = null, bool? TotalEstimated = null);

/// <summary>A run's history.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Events">Its events, in order.</param>
public sealed record HistoryResponse(string RunId, IReadOnlyList<HistoryEventResponse> Events);

/// <summary>One entry of a run's append-only history.</summary>
/// <param name="Seq">Its place in the history, from 1.</param>
/// <param name="At">When it happened.</param>
/// <param name="Type">One of <see cref="HistoryEventTypes"/>.</param>
/// <param name="Step">The step it is about.</param>
/// <param name="Data">What else it records.</param>
public sealed record HistoryEventResponse(long Seq, DateTimeOffset At, string Type, string? Step, JsonObject? Data);

/// <summary>The answer of <c>GET .../definitions/{name}/runs/latest</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record LatestRunResponse(string Id, string Status, DateTimeOffset CreatedAt);

/// <summary>One run variable.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Value">Its current value.</param>
public sealed record VariableResponse(string Name, JsonNode? Value);

/// <summary>An ended run's result: completed runs carry <c>output</c>; failed, terminated and timed-out ones <c>error</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="Output">Its output.</param>
/// <param name="Error">Its error.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record RunResultResponse(string Id, string Status, JsonNode? Output, RunErrorResponse? Error, string? CaseId, DateTimeOffset? EndedAt);

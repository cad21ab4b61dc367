using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>An ended run's result: completed runs carry <c>output</c>; failed, terminated and timed-out ones <c>error</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="Output">Its output.</param>
/// <param name="Error">Its error.</param>
/// <param name="CaseId">Its case.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Number">The run's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record RunResultResponse(string Id, string Status, JsonNode? Output, RunErrorResponse? Error, string? CaseId, DateTimeOffset? EndedAt, long Number = 0);

using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

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

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
/// <param name="Number">The run's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record RunSummary(
    string Id, string Definition, int DefinitionVersion, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt,
    RunErrorResponse? Error, ParentLink? Parent = null, IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null,
    string? CaseId = null, RerunLink? RerunOf = null, long Number = 0);

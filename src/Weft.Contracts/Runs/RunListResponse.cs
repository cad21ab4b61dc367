namespace Weft.Contracts.Runs;

/// <summary>A page of runs.</summary>
/// <param name="Items">The runs.</param>
/// <param name="NextCursor">The cursor of the next page; none on the last.</param>
/// <param name="Total">How many runs match (offset paging only).</param>
/// <param name="TotalEstimated">true when <paramref name="Total"/> is an estimate.</param>
public sealed record RunListResponse(IReadOnlyList<RunSummary> Items, string? NextCursor, long? Total = null, bool? TotalEstimated = null);

namespace Weft.Contracts.Cases;

/// <summary>A page of cases.</summary>
/// <param name="Items">The cases.</param>
/// <param name="NextCursor">The cursor of the next page.</param>
public sealed record CaseListResponse(IReadOnlyList<CaseResponse> Items, string? NextCursor);

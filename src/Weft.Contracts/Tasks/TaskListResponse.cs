namespace Weft.Contracts.Tasks;

/// <summary>A page of tasks.</summary>
/// <param name="Items">The tasks.</param>
/// <param name="NextCursor">The cursor of the next page.</param>
public sealed record TaskListResponse(IReadOnlyList<TaskResponse> Items, string? NextCursor);

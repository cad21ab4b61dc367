namespace Weft.Contracts.Runs;

/// <summary>A run's history.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Events">Its events, in order.</param>
public sealed record HistoryResponse(string RunId, IReadOnlyList<HistoryEventResponse> Events);

namespace Weft.Core.Runs;

/// <summary>
/// Everything one checkpoint writes, in one transaction: the run's new state (inserted when
/// <see cref="ExpectedVersion"/> is null), its new history events, the work it finished and the work it schedules.
/// </summary>
public sealed record RunWrite(
    RunRecord Run,
    long? ExpectedVersion,
    IReadOnlyList<HistoryEvent> Events,
    IReadOnlyList<NewWork> Work,
    WorkItem? Finished = null,
    bool ClearWork = false);

/// <summary>What became of a write: stored, or refused because another writer got there first.</summary>
public enum WriteOutcome { Written, Conflict }

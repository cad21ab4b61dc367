namespace Weft.Core.Runs;

/// <summary>
/// Everything one checkpoint writes, in one transaction: the run's new state (inserted when
/// <see cref="ExpectedVersion"/> is null), its new history events, the work it finished and the work it schedules.
/// <see cref="ClearWork"/> (the run ended) also drops every pending work row of the run and closes what else it
/// had open (subscriptions, tasks, items: see the store's run-ended statements).
/// </summary>
public sealed record RunWrite(
    RunRecord Run,
    long? ExpectedVersion,
    IReadOnlyList<HistoryEvent> Events,
    IReadOnlyList<NewWork> Work,
    WorkItem? Finished = null,
    bool ClearWork = false)
{
    /// <summary>Other rows written in the same transaction (see <see cref="RunEffect"/>).</summary>
    public IReadOnlyList<RunEffect> Effects { get; init; } = [];

    /// <summary>
    /// What the store built for this write ahead of its group commit (<see cref="Storage.IRunWriter.Prepare"/>), opaque
    /// to everything else: the group commit's single loop then only sends it.
    /// </summary>
    public object? StoreState { get; set; }
}

/// <summary>What became of a write: stored, or refused because another writer got there first.</summary>
public enum WriteOutcome { Written, Conflict }

using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>Reading runs and their history. Writes go through <see cref="IRunWriter"/>.</summary>
public interface IRunStore
{
    Task<RunRecord?> GetAsync(string id, CancellationToken ct);

    /// <summary>The run with this number in the namespace (<see cref="RunRecord.Number"/>), or null.</summary>
    Task<RunRecord?> GetByNumberAsync(string ns, long number, CancellationToken ct);

    Task<RunPage> ListAsync(RunQuery query, CancellationToken ct);

    Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string runId, CancellationToken ct);
}

/// <summary>Filters, order and paging of a run listing.</summary>
public sealed record RunQuery(
    string Namespace,
    string? Definition = null,
    IReadOnlyList<RunStatus>? Statuses = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    bool Descending = true,
    int Limit = 50,
    RunCursor? After = null,
    string? ParentRunId = null)
{
    /// <summary>Every tag here must be on the run (key and value equal).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public string? BusinessKey { get; init; }

    public string? Initiator { get; init; }

    /// <summary>Only runs of this case.</summary>
    public string? CaseId { get; init; }

    public DateTimeOffset? UpdatedFrom { get; init; }

    public DateTimeOffset? UpdatedTo { get; init; }

    /// <summary>Partial, case-insensitive match on the definition name or the business key.</summary>
    public string? Search { get; init; }

    public RunSort Sort { get; init; } = RunSort.CreatedAt;

    /// <summary>When set, the page starts this many rows in and the answer carries the total (<see cref="After"/> is not used).</summary>
    public int? Offset { get; init; }
}

/// <summary>The column a run listing is ordered by (the run id breaks ties).</summary>
public enum RunSort
{
    CreatedAt,
    UpdatedAt,
    Definition,
    Status,
}

/// <summary>Where the previous page stopped: the last row's creation time and id.</summary>
public sealed record RunCursor(DateTimeOffset CreatedAt, string Id)
{
    /// <summary>The last row's value of the sort column when the listing is not sorted by creation time.</summary>
    public string? SortValue { get; init; }
}

public sealed record RunPage(IReadOnlyList<RunRecord> Runs, RunCursor? Next, long? Total = null)
{
    /// <summary>True when <see cref="Total"/> is not exact: more rows matched than the store counts exactly.</summary>
    public bool TotalEstimated { get; init; }
}

using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>Reading runs and their history. Writes go through <see cref="IRunWriter"/>.</summary>
public interface IRunStore
{
    Task<RunRecord?> GetAsync(string id, CancellationToken ct);

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
    string? ParentRunId = null);

/// <summary>Where the previous page stopped: the last row's creation time and id.</summary>
public sealed record RunCursor(DateTimeOffset CreatedAt, string Id);

public sealed record RunPage(IReadOnlyList<RunRecord> Runs, RunCursor? Next);

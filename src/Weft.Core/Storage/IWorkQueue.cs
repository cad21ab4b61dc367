using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>The queue of due work: claimed in batches with a lease and a fencing token.</summary>
public interface IWorkQueue
{
    /// <summary>Claims up to <paramref name="max"/> due rows for <paramref name="node"/> until now + <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<WorkItem>> ClaimAsync(string node, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    /// <summary>Makes every row this node held available again (used at start, after a crash).</summary>
    Task<int> ReleaseNodeAsync(string node, DateTimeOffset now, CancellationToken ct);

    /// <summary>Gives a claimed row back, due at <paramref name="due"/>; false when the claim was lost.</summary>
    Task<bool> ReleaseAsync(WorkItem item, DateTimeOffset due, CancellationToken ct);

    /// <summary>Extends a claim while slow work (an HTTP call) is in flight; false when the claim was lost.</summary>
    Task<bool> ExtendAsync(WorkItem item, DateTimeOffset until, CancellationToken ct);

    /// <summary>The earliest due time of any unclaimed row, or null.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);
}

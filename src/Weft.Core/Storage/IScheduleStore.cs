using Weft.Core.Schedules;

namespace Weft.Core.Storage;

/// <summary>Definitions' cron schedules, claimed by the scheduler of any node, and the ticks they started runs for.</summary>
public interface IScheduleStore
{
    /// <summary>
    /// Makes <paramref name="schedules"/> the schedules of the definition, unless schedules of version
    /// <paramref name="version"/> or later are stored already (then nothing changes). Returns whether it replaced them.
    /// </summary>
    Task<bool> ReplaceAsync(string ns, string definition, int version, IReadOnlyList<StoredSchedule> schedules, CancellationToken ct);

    Task<IReadOnlyList<StoredSchedule>> ListAsync(string ns, CancellationToken ct);

    Task<StoredSchedule?> GetAsync(string ns, string definition, string id, CancellationToken ct);

    /// <summary>Sets the enabled flag (and the next tick) if it is still <c>!enabled</c>; false when it was changed meanwhile.</summary>
    Task<bool> SetEnabledAsync(string ns, string definition, string id, bool enabled, DateTimeOffset? nextAt, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> enabled schedules due at <paramref name="now"/> that no other node holds.</summary>
    Task<IReadOnlyList<StoredSchedule>> ClaimDueAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    /// <summary>The earliest next tick of an enabled schedule that no node holds; null when there is none.</summary>
    Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Moves a claimed schedule to its next tick without starting a run, and gives up the lease.</summary>
    Task AdvanceAsync(StoredSchedule schedule, DateTimeOffset? nextAt, string node, CancellationToken ct);

    /// <summary>The ticks that started runs, oldest first, with the run each started.</summary>
    Task<IReadOnlyList<(DateTimeOffset Tick, string RunId)>> TicksAsync(string ns, string definition, string id, CancellationToken ct);
}

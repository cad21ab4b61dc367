using Weft.Core.Schedules;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Lists, pauses and resumes the schedules of a namespace's definitions.</summary>
public sealed class ScheduleService(IWeftStore store, DefinitionService definitions, TimeProvider time)
{
    public async Task<IReadOnlyList<StoredSchedule>> ListAsync(string ns, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        return await store.Schedules.ListAsync(ns, ct);
    }

    public async Task<StoredSchedule> GetAsync(string ns, string definition, string id, CancellationToken ct)
    {
        if (await store.Schedules.GetAsync(ns, definition, id, ct) is { } found) return found;
        await definitions.RequireNamespaceAsync(ns, ct);
        throw new NotFoundException($"No schedule '{id}' of definition '{definition}' in namespace '{ns}'.");
    }

    /// <summary>Stops the schedule starting runs; the ticks while paused are not missed ticks, they are none.</summary>
    public Task<StoredSchedule> PauseAsync(string ns, string definition, string id, CancellationToken ct) => SetEnabledAsync(ns, definition, id, false, ct);

    /// <summary>Starts it again from its next tick after now.</summary>
    public Task<StoredSchedule> ResumeAsync(string ns, string definition, string id, CancellationToken ct) => SetEnabledAsync(ns, definition, id, true, ct);

    private async Task<StoredSchedule> SetEnabledAsync(string ns, string definition, string id, bool enabled, CancellationToken ct)
    {
        var schedule = await GetAsync(ns, definition, id, ct);
        if (schedule.Enabled == enabled) throw new ConflictException($"Schedule '{id}' of definition '{definition}' is {(enabled ? "running" : "paused")} already.");
        var next = enabled ? CronSchedule.Parse(schedule.Cron, schedule.TimeZone).Next(time.GetUtcNow()) : null;
        if (!await store.Schedules.SetEnabledAsync(ns, definition, id, enabled, next, ct))
            throw new ConflictException($"Schedule '{id}' of definition '{definition}' changed meanwhile; try again.");
        return await GetAsync(ns, definition, id, ct);
    }
}

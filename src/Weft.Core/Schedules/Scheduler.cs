using Microsoft.Extensions.Logging;
using Weft.Core.Commands;
using Weft.Core.Dsl;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Workers;

namespace Weft.Core.Schedules;

/// <summary>
/// Starts the runs of due schedules. Any node may run it: a due schedule is leased by one node, and a run is
/// created in the same write as its tick's row, whose key refuses a second run for the same tick.
/// </summary>
public sealed partial class Scheduler(
    IWeftStore store, RunStarter starter, IRunCommitter committer,
    SchedulerOptions options, WorkerOptions workerOptions, TimeProvider time, ILogger<Scheduler> log)
{
    private static readonly TimeSpan MinSleep = TimeSpan.FromMilliseconds(5);

    private string Node => workerOptions.NodeId;

    /// <summary>Handles the schedules due now; returns how long to sleep before looking again.</summary>
    public async Task<TimeSpan> RunOnceAsync(CancellationToken ct)
    {
        var now = Now();
        var claimed = await store.Schedules.ClaimDueAsync(Node, now, now + options.Lease, options.ClaimBatch, ct);
        foreach (var schedule in claimed)
        {
            try
            {
                await FireAsync(schedule, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The lease stays: another try when it lapses, rather than at once and again.
                LogFireFailed(e, schedule.DefinitionName, schedule.Id);
            }
        }
        if (claimed.Count >= options.ClaimBatch) return TimeSpan.Zero;
        var after = Now();
        var next = await store.Schedules.NextDueAsync(after, ct);
        if (next is null) return options.PollInterval;
        var wait = next.Value - after;
        return wait < MinSleep ? MinSleep : wait > options.PollInterval ? options.PollInterval : wait;
    }

    private async Task FireAsync(StoredSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var cron = CronSchedule.Parse(schedule.Cron, schedule.TimeZone);
        var decision = TickDecision.Decide(cron, schedule.NextAt ?? now, now, schedule.Misfire, options.MisfireGrace);
        if (decision.Skipped > 0) LogMissed(schedule.DefinitionName, schedule.Id, decision.Skipped, schedule.Misfire.ToString());
        foreach (var tick in decision.Fire)
        {
            var write = await StartWriteAsync(schedule, tick, decision.NextAt, ct);
            // Refused: this tick has its run already (another node, or this one before its lease lapsed), or the schedule was replaced.
            if (write is not null && await committer.CommitAsync(write) == WriteOutcome.Written) LogStarted(schedule.DefinitionName, schedule.Id, tick, write.Run.Id);
        }
        await store.Schedules.AdvanceAsync(schedule, decision.NextAt, Node, ct);
    }

    /// <summary>A run of the schedule's definition version, started as every run is (<see cref="RunStarter"/>), written with its tick's row.</summary>
    private async Task<RunWrite?> StartWriteAsync(StoredSchedule schedule, DateTimeOffset tick, DateTimeOffset? nextAt, CancellationToken ct)
    {
        PreparedStart prepared;
        try
        {
            prepared = await starter.PrepareAsync(new StartRun
            {
                Namespace = schedule.Namespace,
                Definition = schedule.DefinitionName,
                Version = schedule.DefinitionVersion,
                Input = schedule.Input,
                Initiator = schedule.Initiator,
                Schedule = new ScheduleOrigin(schedule.Id, tick),
            }, ct);
        }
        catch (InputException e)
        {
            LogBadInput(schedule.DefinitionName, schedule.Id, e.Message);
            return null;
        }
        return prepared.Write! with { Effects = [.. prepared.Write!.Effects, new ScheduleTick(schedule, tick, nextAt)] };
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Schedule {Definition}/{Schedule} started run {RunId} for its tick at {Tick:O}")]
    private partial void LogStarted(string definition, string schedule, DateTimeOffset tick, string runId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Schedule {Definition}/{Schedule} missed {Count} ticks while no node ran it (misfire policy {Policy})")]
    private partial void LogMissed(string definition, string schedule, int count, string policy);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Schedule {Definition}/{Schedule} failed to start its run; trying again when its lease lapses")]
    private partial void LogFireFailed(Exception e, string definition, string schedule);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Schedule {Definition}/{Schedule} has input that does not fit: {Problem}; the tick is passed over")]
    private partial void LogBadInput(string definition, string schedule, string problem);
}

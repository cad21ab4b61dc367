using System.Globalization;
using Microsoft.Extensions.Logging;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Workers;

namespace Weft.Core.Schedules;

/// <summary>
/// Starts the runs of due schedules. Any node may run it: a due schedule is leased by one node, and a run is
/// created in the same write as its tick's row, whose key refuses a second run for the same tick.
/// </summary>
public sealed partial class Scheduler(
    IWeftStore store, DefinitionService definitions, WorkflowEngine engine, RunWorker worker,
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
            var write = await StartWriteAsync(schedule, tick, decision.NextAt, now, ct);
            // Refused: this tick has its run already (another node, or this one before its lease lapsed), or the schedule was replaced.
            if (write is not null && await worker.CommitAsync(write) == WriteOutcome.Written) LogStarted(schedule.DefinitionName, schedule.Id, tick, write.Run.Id);
        }
        await store.Schedules.AdvanceAsync(schedule, decision.NextAt, Node, ct);
    }

    /// <summary>A run of the schedule's definition version, created as <see cref="RunService.StartAsync"/> does, with its tick's row.</summary>
    private async Task<RunWrite?> StartWriteAsync(StoredSchedule schedule, DateTimeOffset tick, DateTimeOffset? nextAt, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await definitions.GetAsync(schedule.Namespace, schedule.DefinitionName, schedule.DefinitionVersion, ct);
        var model = definitions.Model(stored);
        System.Text.Json.Nodes.JsonObject input;
        try
        {
            input = InputValidator.Validate(model, schedule.Input.DeepClone().AsObject());
        }
        catch (InputException e)
        {
            LogBadInput(schedule.DefinitionName, schedule.Id, e.Message);
            return null;
        }
        var run = new RunRecord
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Namespace = schedule.Namespace,
            DefinitionId = stored.Id,
            DefinitionName = stored.Name,
            DefinitionVersion = stored.Version,
            Input = input,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var write = engine.Start(run, model, now, schedule.Initiator);
        if (write.Events.FirstOrDefault(e => e.Type == "RunCreated")?.Data is { } created)
        {
            created["schedule"] = schedule.Id;
            created["tick"] = tick.ToString("O", CultureInfo.InvariantCulture);
        }
        return write with { Effects = [.. write.Effects, new ScheduleTick(schedule, tick, nextAt)] };
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

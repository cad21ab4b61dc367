using Weft.Core.Schedules;

namespace Weft.Server.Hosting;

/// <summary>Runs the scheduler on this node: it sleeps until the earliest next tick (at most its poll interval).</summary>
internal sealed partial class SchedulerHostedService(Scheduler scheduler, SchedulerOptions options, TimeProvider time, ILogger<SchedulerHostedService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await scheduler.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogFailed(e);
                wait = options.PollInterval;
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Looking for due schedules failed; trying again")]
    private partial void LogFailed(Exception e);
}

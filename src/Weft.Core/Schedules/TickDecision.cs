namespace Weft.Core.Schedules;

/// <summary>
/// What a due schedule does now: the tick to start a run for (none when the policy drops missed ticks), the ticks
/// it passes over without a run, and its next tick.
/// </summary>
public sealed record TickDecision(DateTimeOffset? Fire, int Skipped, DateTimeOffset? NextAt)
{
    /// <summary>
    /// Decides for a schedule whose tick <paramref name="dueAt"/> has come (<paramref name="dueAt"/> &lt;= <paramref name="now"/>).
    /// A single due tick no older than <paramref name="grace"/> is on time and fires whatever the policy. Otherwise
    /// ticks were missed: <see cref="MisfirePolicy.Skip"/> starts none, <see cref="MisfirePolicy.CatchUp"/> starts the
    /// most recent one. Either way the next tick is the first one after <paramref name="now"/>.
    /// </summary>
    public static TickDecision Decide(CronSchedule cron, DateTimeOffset dueAt, DateTimeOffset now, MisfirePolicy policy, TimeSpan grace)
    {
        var latest = dueAt;
        var due = 1;
        var next = cron.Next(dueAt);
        // A long outage of a per-second schedule passes many ticks: count them to a bound, then jump to now.
        while (next is { } n && n <= now)
        {
            latest = n;
            due++;
            if (due >= 10_000)
            {
                next = cron.Next(now);
                break;
            }
            next = cron.Next(n);
        }
        if (due == 1 && now - dueAt <= grace) return new TickDecision(dueAt, 0, next);
        if (policy == MisfirePolicy.CatchUp)
        {
            // Counted up to the bound only: the most recent tick at or before now is then found from now backwards.
            if (due >= 10_000) latest = LatestAtOrBefore(cron, now, latest);
            return new TickDecision(latest, due - 1, next);
        }
        return new TickDecision(null, due, next);
    }

    private static DateTimeOffset LatestAtOrBefore(CronSchedule cron, DateTimeOffset now, DateTimeOffset from)
    {
        // Look back from now over a growing window until it holds a tick, then walk that window forwards.
        for (var span = TimeSpan.FromMinutes(1); ; span *= 4)
        {
            var start = now - span > from ? now - span : from;
            if (cron.Next(start) is { } first && first <= now)
            {
                var latest = first;
                for (var t = cron.Next(first); t is { } x && x <= now; t = cron.Next(x)) latest = x;
                return latest;
            }
            if (start == from) return from;
        }
    }
}

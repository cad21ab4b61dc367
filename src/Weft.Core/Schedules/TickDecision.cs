namespace Weft.Core.Schedules;

/// <summary>
/// What a due schedule does now: the ticks to start runs for, oldest first (none when the policy drops missed
/// ticks), how many ticks it passes over without a run, and its next tick after now.
/// </summary>
public sealed record TickDecision(IReadOnlyList<DateTimeOffset> Fire, int Skipped, DateTimeOffset? NextAt)
{
    /// <summary>At most this many ticks counted one by one; past it a long outage is jumped over.</summary>
    private const int CountBound = 10_000;

    /// <summary>At most this many on-time ticks started in one pass; older ones count as missed.</summary>
    public const int MaxOnTime = 100;

    /// <summary>
    /// Decides for a schedule whose tick <paramref name="dueAt"/> has come. Ticks no older than
    /// <paramref name="grace"/> are on time (a node running a little late): each starts its run. Older ticks were
    /// missed (no node ran then): <see cref="MisfirePolicy.Skip"/> starts none of them, <see cref="MisfirePolicy.CatchUp"/>
    /// starts one, for the most recent. The next tick is the first one after <paramref name="now"/>.
    /// </summary>
    public static TickDecision Decide(CronSchedule cron, DateTimeOffset dueAt, DateTimeOffset now, MisfirePolicy policy, TimeSpan grace)
    {
        var cutoff = now - grace;
        var missed = 0;
        DateTimeOffset? lastMissed = null;
        DateTimeOffset? t = dueAt;
        while (t is { } x && x < cutoff && x <= now)
        {
            missed++;
            lastMissed = x;
            if (missed >= CountBound)
            {
                lastMissed = LatestBefore(cron, cutoff, x);
                t = cron.Next(cutoff.AddTicks(-1));
                break;
            }
            t = cron.Next(x);
        }
        var onTime = new List<DateTimeOffset>();
        while (t is { } y && y <= now)
        {
            onTime.Add(y);
            t = cron.Next(y);
        }
        if (onTime.Count > MaxOnTime)
        {
            missed += onTime.Count - MaxOnTime;
            lastMissed = onTime[onTime.Count - MaxOnTime - 1];
            onTime.RemoveRange(0, onTime.Count - MaxOnTime);
        }
        var fire = new List<DateTimeOffset>(onTime.Count + 1);
        if (policy == MisfirePolicy.CatchUp && lastMissed is { } last)
        {
            fire.Add(last);
            missed--;
        }
        fire.AddRange(onTime);
        return new TickDecision(fire, missed, t);
    }

    /// <summary>The latest tick before <paramref name="cutoff"/>, at or after <paramref name="from"/>.</summary>
    private static DateTimeOffset LatestBefore(CronSchedule cron, DateTimeOffset cutoff, DateTimeOffset from)
    {
        // Look back from the cutoff over a growing window until it holds a tick, then walk that window forwards.
        for (var span = TimeSpan.FromMinutes(1); ; span *= 4)
        {
            var start = cutoff - span > from ? cutoff - span : from;
            if (cron.Next(start) is { } first && first < cutoff)
            {
                var latest = first;
                for (var n = cron.Next(first); n is { } x && x < cutoff; n = cron.Next(x)) latest = x;
                return latest;
            }
            if (start == from) return from;
        }
    }
}

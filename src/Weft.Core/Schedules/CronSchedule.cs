using NCrontab;

namespace Weft.Core.Schedules;

/// <summary>
/// A cron expression (5 fields, or 6 with seconds first) read in a time zone. Each wall-clock time fires at most
/// once: a time skipped by a daylight-saving jump fires at the end of the gap, a time that occurs twice fires at
/// its first occurrence only.
/// </summary>
public sealed class CronSchedule
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366 * 5);

    private readonly CrontabSchedule _cron;

    private CronSchedule(string expression, CrontabSchedule cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        Zone = zone;
    }

    public string Expression { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Null and a reason when the expression or the time zone is not valid.</summary>
    public static CronSchedule? TryParse(string expression, string timeZone, out string? error)
    {
        var fields = expression.Split(' ', '\t').Count(f => f.Length > 0);
        if (fields is not (5 or 6))
        {
            error = $"'{expression}' is not a cron expression: it needs 5 fields (minute hour day month weekday) or 6 (seconds first), not {fields}";
            return null;
        }
        if (!TryZone(timeZone, out var zone))
        {
            error = $"unknown time zone '{timeZone}' (an IANA id such as Europe/Berlin, or UTC)";
            return null;
        }
        try
        {
            var cron = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
            error = null;
            return new CronSchedule(expression, cron, zone);
        }
        catch (CrontabException e)
        {
            error = $"'{expression}' is not a cron expression: {FirstLine(e.Message)}";
            return null;
        }
    }

    /// <summary>Parses what was checked at deploy; throws when it is not valid.</summary>
    public static CronSchedule Parse(string expression, string timeZone) =>
        TryParse(expression, timeZone, out var error) ?? throw new FormatException(error);

    /// <summary>The first tick strictly after <paramref name="after"/>; null when none comes within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, Zone).DateTime;
        var end = local + Horizon;
        // Several local times can map to instants at or before 'after' (the second pass of a repeated hour): step over them.
        for (var i = 0; i < 100_000; i++)
        {
            var next = _cron.GetNextOccurrence(local, end);
            if (next >= end) return null;
            var instant = ToInstant(next);
            if (instant > after) return instant;
            local = next;
        }
        return null;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        if (Zone.IsInvalidTime(local))
        {
            // Inside a gap: the first instant after it, found between the two readings of the local time.
            var before = Zone.GetUtcOffset(local.AddDays(-1));
            var after = Zone.GetUtcOffset(local.AddDays(1));
            var lo = new DateTimeOffset(DateTime.SpecifyKind(local - after, DateTimeKind.Utc));
            var hi = new DateTimeOffset(DateTime.SpecifyKind(local - before, DateTimeKind.Utc));
            while (hi - lo > TimeSpan.FromSeconds(1))
            {
                var mid = lo + (hi - lo) / 2;
                if (Zone.GetUtcOffset(mid) == before) lo = mid;
                else hi = mid;
            }
            return new DateTimeOffset(hi.UtcTicks - hi.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        }
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
    }

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

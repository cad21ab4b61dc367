using Shouldly;
using Weft.Core.Schedules;
using Xunit;

namespace Weft.Core.Tests;

public class CronScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Next_WeekdaysAtNine_InBerlin_FollowsTheOffsetAcrossSpringForward()
    {
        var cron = CronSchedule.Parse("0 9 * * 1-5", "Europe/Berlin");
        // Friday 27 March 2026 is still CET (+1); Monday 30 March is CEST (+2).
        cron.Next(Utc(3, 26, 12, 0)).ShouldBe(Utc(3, 27, 8, 0));
        cron.Next(Utc(3, 27, 8, 0)).ShouldBe(Utc(3, 30, 7, 0));
    }

    [Fact]
    public void Next_TimeInsideTheSpringForwardGap_FiresOnceAtTheGapsEnd()
    {
        // 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist that day.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        cron.Next(Utc(3, 28, 12, 0)).ShouldBe(Utc(3, 29, 1, 0));
        cron.Next(Utc(3, 29, 1, 0)).ShouldBe(Utc(3, 30, 0, 30));
    }

    [Fact]
    public void Next_TimeThatOccursTwiceAtFallBack_FiresOnlyAtItsFirstOccurrence()
    {
        // 25 October 2026, Berlin: 03:00 CEST goes back to 02:00 CET; 02:30 comes at 00:30 UTC and again at 01:30 UTC.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        cron.Next(Utc(10, 24, 12, 0)).ShouldBe(Utc(10, 25, 0, 30));
        cron.Next(Utc(10, 25, 0, 30)).ShouldBe(Utc(10, 26, 1, 30));
    }

    [Fact]
    public void Next_EveryQuarterHourAcrossFallBack_NeverGoesBackNorRepeats()
    {
        var cron = CronSchedule.Parse("*/15 * * * *", "Europe/Berlin");
        var ticks = new List<DateTimeOffset>();
        var t = Utc(10, 24, 23, 50);
        while (t < Utc(10, 25, 3, 0))
        {
            t = cron.Next(t)!.Value;
            ticks.Add(t);
        }
        ticks.ShouldBe(ticks.Order().Distinct().ToList());
        // The repeated hour (01:00 to 02:00 UTC) fires nothing: each wall-clock time fires once.
        ticks.ShouldNotContain(x => x > Utc(10, 25, 0, 45) && x < Utc(10, 25, 2, 0));
        ticks.ShouldContain(Utc(10, 25, 0, 45));
        ticks.ShouldContain(Utc(10, 25, 2, 0));
    }

    [Fact]
    public void Next_SixFields_ReadsSecondsFirst()
    {
        var cron = CronSchedule.Parse("*/10 * * * * *", "UTC");
        cron.Next(Utc(1, 1, 0, 0, 3)).ShouldBe(Utc(1, 1, 0, 0, 10));
    }

    [Fact]
    public void Next_NewYorkAtNine_IsFourteenUtcInWinterAndThirteenInSummer()
    {
        var cron = CronSchedule.Parse("0 9 * * *", "America/New_York");
        cron.Next(Utc(1, 10, 0, 0)).ShouldBe(Utc(1, 10, 14, 0));
        cron.Next(Utc(7, 10, 0, 0)).ShouldBe(Utc(7, 10, 13, 0));
    }

    [Theory]
    [InlineData("0 9 * *", "UTC", "5 fields")]
    [InlineData("0 25 * * *", "UTC", "not a cron expression")]
    [InlineData("0 9 * * *", "Mars/Olympus", "unknown time zone")]
    public void TryParse_Wrong_SaysWhat(string expression, string zone, string expected)
    {
        CronSchedule.TryParse(expression, zone, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(expected);
    }
}

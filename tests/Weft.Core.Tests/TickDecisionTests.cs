using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Weft.Core.Schedules;
using Xunit;

namespace Weft.Core.Tests;

public class TickDecisionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);
    private static readonly CronSchedule Hourly = CronSchedule.Parse("0 * * * *", "UTC");
    private static readonly DateTimeOffset Nine = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(MisfirePolicy.Skip)]
    [InlineData(MisfirePolicy.CatchUp)]
    public void Decide_OneTickJustDue_FiresItWhateverThePolicy(MisfirePolicy policy)
    {
        var d = TickDecision.Decide(Hourly, Nine, Nine.AddSeconds(2), policy, Grace);
        d.Fire.ShouldBe([Nine]);
        d.Skipped.ShouldBe(0);
        d.NextAt.ShouldBe(Nine.AddHours(1));
    }

    [Fact]
    public void Decide_Skip_DownAcrossThreeTicks_StartsNoneAndGoesOnFromTheNextTick()
    {
        var now = Nine.AddHours(2).AddMinutes(30); // ticks at 09:00, 10:00 and 11:00 passed
        var d = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.Skip, Grace);
        d.Fire.ShouldBeEmpty();
        d.Skipped.ShouldBe(3);
        d.NextAt.ShouldBe(Nine.AddHours(3));
    }

    [Fact]
    public void Decide_CatchUp_DownAcrossThreeTicks_StartsOneForTheMostRecentTick()
    {
        var now = Nine.AddHours(2).AddMinutes(30);
        var d = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.CatchUp, Grace);
        d.Fire.ShouldBe([Nine.AddHours(2)]);
        d.Skipped.ShouldBe(2);
        d.NextAt.ShouldBe(Nine.AddHours(3));
    }

    [Fact]
    public void Decide_OneTickLaterThanTheGrace_IsMissed_SkipDropsItCatchUpStartsIt()
    {
        var now = Nine.AddMinutes(20);
        var skip = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.Skip, Grace);
        skip.Fire.ShouldBeEmpty();
        skip.Skipped.ShouldBe(1);
        skip.NextAt.ShouldBe(Nine.AddHours(1));
        var catchUp = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.CatchUp, Grace);
        catchUp.Fire.ShouldBe([Nine]);
        catchUp.Skipped.ShouldBe(0);
        catchUp.NextAt.ShouldBe(Nine.AddHours(1));
    }

    [Fact]
    public void Decide_EverySecondAfterADayDown_CatchUpStartsTheLatestSecondAndGoesOn()
    {
        var everySecond = CronSchedule.Parse("* * * * * *", "UTC");
        var now = Nine.AddDays(1).AddMilliseconds(400);
        var d = TickDecision.Decide(everySecond, Nine, now, MisfirePolicy.CatchUp, TimeSpan.Zero);
        d.Fire.ShouldBe([Nine.AddDays(1)]);
        d.NextAt.ShouldBe(Nine.AddDays(1).AddSeconds(1));
    }

    [Fact]
    public void Decide_WithInjectedClock_TheSchedulesNextTickAfterADeployIsDueOnTime()
    {
        var clock = new FakeTimeProvider(Nine.AddMinutes(59).AddSeconds(59));
        var next = Hourly.Next(clock.GetUtcNow())!.Value;
        clock.Advance(TimeSpan.FromSeconds(1.5));
        TickDecision.Decide(Hourly, next, clock.GetUtcNow(), MisfirePolicy.Skip, Grace).Fire.ShouldBe([Nine.AddHours(1)]);
        clock.Advance(TimeSpan.FromHours(3.5));
        TickDecision.Decide(Hourly, next, clock.GetUtcNow(), MisfirePolicy.Skip, Grace).Fire.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(MisfirePolicy.Skip)]
    [InlineData(MisfirePolicy.CatchUp)]
    public void Decide_EverySecondRunningLateWithinTheGrace_StartsEveryDueTick(MisfirePolicy policy)
    {
        var everySecond = CronSchedule.Parse("* * * * * *", "UTC");
        var d = TickDecision.Decide(everySecond, Nine, Nine.AddSeconds(2.3), policy, Grace);
        d.Fire.ShouldBe([Nine, Nine.AddSeconds(1), Nine.AddSeconds(2)]);
        d.Skipped.ShouldBe(0);
        d.NextAt.ShouldBe(Nine.AddSeconds(3));
    }

    [Fact]
    public void Decide_CatchUp_MissedAndOnTimeTicks_StartsTheLatestMissedAndEachOnTimeOne()
    {
        var everyTenSeconds = CronSchedule.Parse("*/10 * * * * *", "UTC");
        var d = TickDecision.Decide(everyTenSeconds, Nine, Nine.AddSeconds(45), MisfirePolicy.CatchUp, TimeSpan.FromSeconds(12));
        // 09:00:00, :10, :20 are older than the grace (missed); :40 is on time; :30 is older than 12 s too.
        d.Fire.ShouldBe([Nine.AddSeconds(30), Nine.AddSeconds(40)]);
        d.Skipped.ShouldBe(3);
        d.NextAt.ShouldBe(Nine.AddSeconds(50));
    }
}

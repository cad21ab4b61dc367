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
        d.ShouldBe(new TickDecision(Nine, 0, Nine.AddHours(1)));
    }

    [Fact]
    public void Decide_Skip_DownAcrossThreeTicks_StartsNoneAndGoesOnFromTheNextTick()
    {
        var now = Nine.AddHours(2).AddMinutes(30); // ticks at 09:00, 10:00 and 11:00 passed
        var d = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.Skip, Grace);
        d.ShouldBe(new TickDecision(null, 3, Nine.AddHours(3)));
    }

    [Fact]
    public void Decide_CatchUp_DownAcrossThreeTicks_StartsOneForTheMostRecentTick()
    {
        var now = Nine.AddHours(2).AddMinutes(30);
        var d = TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.CatchUp, Grace);
        d.ShouldBe(new TickDecision(Nine.AddHours(2), 2, Nine.AddHours(3)));
    }

    [Fact]
    public void Decide_OneTickLaterThanTheGrace_IsMissed_SkipDropsItCatchUpStartsIt()
    {
        var now = Nine.AddMinutes(20);
        TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.Skip, Grace).ShouldBe(new TickDecision(null, 1, Nine.AddHours(1)));
        TickDecision.Decide(Hourly, Nine, now, MisfirePolicy.CatchUp, Grace).ShouldBe(new TickDecision(Nine, 0, Nine.AddHours(1)));
    }

    [Fact]
    public void Decide_EverySecondAfterADayDown_CatchUpStartsTheLatestSecondAndGoesOn()
    {
        var everySecond = CronSchedule.Parse("* * * * * *", "UTC");
        var now = Nine.AddDays(1).AddMilliseconds(400);
        var d = TickDecision.Decide(everySecond, Nine, now, MisfirePolicy.CatchUp, Grace);
        d.Fire.ShouldBe(Nine.AddDays(1));
        d.NextAt.ShouldBe(Nine.AddDays(1).AddSeconds(1));
    }

    [Fact]
    public void Decide_WithInjectedClock_TheSchedulesNextTickAfterADeployIsDueOnTime()
    {
        var clock = new ManualTime(Nine.AddMinutes(59).AddSeconds(59));
        var next = Hourly.Next(clock.GetUtcNow())!.Value;
        clock.Advance(TimeSpan.FromSeconds(1.5));
        TickDecision.Decide(Hourly, next, clock.GetUtcNow(), MisfirePolicy.Skip, Grace).Fire.ShouldBe(Nine.AddHours(1));
        clock.Advance(TimeSpan.FromHours(3));
        TickDecision.Decide(Hourly, next, clock.GetUtcNow(), MisfirePolicy.Skip, Grace).Fire.ShouldBeNull();
    }

    /// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not installable here).</summary>
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

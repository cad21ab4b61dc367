using System.Globalization;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Schedules across several server processes and across a restart.</summary>
public sealed class ScheduleNodesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_OnePostgres_StartExactlyOneRunPerTick()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        using var dir = new TempDirectory();
        Dictionary<string, string> Settings(string node) => new()
        {
            ["Weft__Storage__Provider"] = "postgres",
            ["Weft__Storage__ConnectionString"] = cs,
            ["Weft__Worker__NodeId"] = node,
        };
        await using var a = await ServerProcess.StartAsync(dir.Path, Settings("node-a"));
        await using var b = await ServerProcess.StartAsync(dir.Path, Settings("node-b"));
        await a.Client.DeployAsync(ServerProcess.Sample("scheduled.yaml"));
        await ScheduledRuns.WaitForAsync(b.Client, "scheduled", 5, TimeSpan.FromSeconds(30));
        (await b.Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/pause")).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        await Task.Delay(1000, Ct); // a tick being written when the pause landed
        var runs = await ScheduledRuns.ListAsync(a.Client, "scheduled");
        runs.Count.ShouldBeGreaterThanOrEqualTo(5);
        runs.GroupBy(r => r.Tick).ShouldAllBe(g => g.Count() == 1, "a tick started two runs: " + string.Join(", ", runs.Select(r => r.Tick.ToString("O", CultureInfo.InvariantCulture))));
        // Both nodes were there for every tick, so none was missed between the first and the last.
        var span = (int)(runs[^1].Tick - runs[0].Tick).TotalSeconds;
        runs.Count.ShouldBe(span + 1, "ticks were skipped: " + string.Join(", ", runs.Select(r => r.Tick.ToString("O", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Restart_AfterMissedTicks_CatchUpStartsOneRunForTheLatest_SkipStartsNone()
    {
        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Weft__Storage__ConnectionString"] = $"Data Source={Path.Combine(dir.Path, "restart.db")}",
            ["Weft__Worker__NodeId"] = "restart-node",
            // A tick more than a second late counts as missed (the default grace is a minute).
            ["Weft__Schedules__MisfireGrace"] = "00:00:01",
        };
        // The first server runs no scheduler: it only deploys, then is stopped; the ticks pass while none runs.
        var first = await ServerProcess.StartAsync(dir.Path, new Dictionary<string, string>(settings) { ["Weft__Schedules__Enabled"] = "false" });
        // Three ticks a few seconds from now (then none for a minute), all of them while no scheduler runs.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(5);
        var seconds = string.Join(",", Enumerable.Range(0, 3).Select(i => start.AddSeconds(i).Second));
        try
        {
            await first.Client.DeployAsync(Definition("catching-up", seconds, "catchUp"));
            await first.Client.DeployAsync(Definition("skipping", seconds, "skip"));
            var (_, list) = await first.Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/schedules");
            list!.AsArray().Select(s => DateTimeOffset.Parse(s!["nextRunAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ShouldAllBe(t => t == start);
        }
        finally
        {
            first.Kill();
            await first.DisposeAsync();
        }
        var wait = start.AddSeconds(3.5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, Ct);

        await using var second = await ServerProcess.StartAsync(dir.Path, settings);
        var caught = await ScheduledRuns.WaitForAsync(second.Client, "catching-up", 1, TimeSpan.FromSeconds(20));
        var run = caught.ShouldHaveSingleItem();
        run.Tick.ShouldBe(start.AddSeconds(2), "catchUp starts the most recent missed tick");
        run.Initiator.ShouldBe("schedule:catching-up/s1");
        run.Input["label"]!.GetValue<string>().ShouldBe("catchUp");
        // Both schedules were handled in the same pass; give the skipping one the same time and more.
        await Task.Delay(1000, Ct);
        (await ScheduledRuns.ListAsync(second.Client, "skipping")).ShouldBeEmpty();
        (await ScheduledRuns.ListAsync(second.Client, "catching-up")).Count.ShouldBe(1);
    }

    private static string Definition(string name, string seconds, string misfire) => $$"""
        name: {{name}}
        input:
          label: { type: string }
        schedules:
          - cron: "{{seconds}} * * * * *"
            misfire: {{misfire}}
            input: { label: {{misfire}} }
        steps:
          - { id: done, kind: end }
        """;
}

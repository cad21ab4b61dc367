using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

public sealed class SchedulesApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ScheduledSample_StartsARunEverySecondWithTheSchedulesInput_ThenPauseStopsIt()
    {
        await Client.DeployAsync(ServerProcess.Sample("scheduled.yaml"));
        var runs = await ScheduledRuns.WaitForAsync(Client, "scheduled", 3, TimeSpan.FromSeconds(20));
        runs.Select(r => r.Tick).Distinct().Count().ShouldBe(runs.Count, "one run per tick");
        runs.ShouldAllBe(r => r.Initiator == "schedule:scheduled/every-second");
        runs.ShouldAllBe(r => r.Tick.Millisecond == 0);
        var run = await Client.WaitEndedAsync(runs[0].Id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["input"]!.ToJsonString().ShouldBe("""{"greeting":"hello from the schedule","times":3}""");
        run["output"]!["message"]!.GetValue<string>().ShouldBe("hello from the schedule x3");

        var (ls, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/schedules");
        ls.ShouldBe(HttpStatusCode.OK);
        var schedule = list!.AsArray().Single(s => s!["definition"]!.GetValue<string>() == "scheduled")!;
        schedule["id"]!.GetValue<string>().ShouldBe("every-second");
        schedule["cron"]!.GetValue<string>().ShouldBe("*/1 * * * * *");
        schedule["timezone"]!.GetValue<string>().ShouldBe("Europe/Berlin");
        schedule["misfire"]!.GetValue<string>().ShouldBe("skip");
        schedule["enabled"]!.GetValue<bool>().ShouldBeTrue();
        schedule["nextRunAt"].ShouldNotBeNull();
        schedule["lastTick"].ShouldNotBeNull();

        var (ps, paused) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/pause");
        ps.ShouldBe(HttpStatusCode.OK);
        paused!["enabled"]!.GetValue<bool>().ShouldBeFalse();
        paused["nextRunAt"].ShouldBeNull();
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/pause")).Status.ShouldBe(HttpStatusCode.Conflict);
        // A run already being written when the pause landed may still appear; after that, none.
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var before = (await ScheduledRuns.ListAsync(Client, "scheduled")).Count;
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        (await ScheduledRuns.ListAsync(Client, "scheduled")).Count.ShouldBe(before);

        var (rs, resumed) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/resume");
        rs.ShouldBe(HttpStatusCode.OK);
        resumed!["enabled"]!.GetValue<bool>().ShouldBeTrue();
        await ScheduledRuns.WaitForAsync(Client, "scheduled", before + 1, TimeSpan.FromSeconds(20));
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/resume")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/scheduled/every-second/pause")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PauseResume_Unknown_Is404()
    {
        var (s1, p1) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/nothing/s1/pause");
        s1.ShouldBe(HttpStatusCode.NotFound);
        p1!["type"]!.GetValue<string>().ShouldEndWith("not-found");
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/nothing/s1/resume")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/nowhere/schedules")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deploy_ScheduleInputThatDoesNotFit_Is422NamingScheduleAndField_AndStoresNothing()
    {
        var yaml = """
            name: bad-schedule
            input:
              times: { type: integer }
            schedules:
              - id: nightly
                cron: "0 2 * * *"
                input: { times: often }
            steps:
              - { id: done, kind: end }
            """;
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = problem!["errors"]!.AsArray().Single()!;
        error["field"]!.GetValue<string>().ShouldBe("schedules[0].input.times");
        error["message"]!.GetValue<string>().ShouldContain("nightly");
        error["line"]!.GetValue<int>().ShouldBe(7);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/bad-schedule")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deploy_BadCronAndUnknownZone_Are422WithLineAndColumn()
    {
        var yaml = """
            name: bad-cron
            schedules:
              - cron: "61 * * * *"
              - cron: "0 9 * * *"
                timezone: Moon/Tranquility
            steps:
              - { id: done, kind: end }
            """;
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = problem!["errors"]!.AsArray();
        errors.ShouldContain(e => e!["field"]!.GetValue<string>() == "schedules[0].cron" && e["line"]!.GetValue<int>() == 3 && e["column"]!.GetValue<int>() == 11);
        errors.ShouldContain(e => e!["field"]!.GetValue<string>() == "schedules[1].timezone" && e["line"]!.GetValue<int>() == 5
            && e["message"]!.GetValue<string>().Contains("Moon/Tranquility"));
    }

    [Fact]
    public async Task Deploy_NewVersion_ReplacesTheSchedules_IdenticalDeployChangesNothing()
    {
        static string Yaml(string id, string cron) => $"""
            name: weekly-report
            schedules:
              - {"{"} id: {id}, cron: "{cron}", timezone: America/New_York {"}"}
            steps:
              - {"{"} id: done, kind: end {"}"}
            """;
        await Client.DeployAsync(Yaml("mondays", "0 9 * * 1"));
        var first = await ScheduleAsync("weekly-report");
        first["id"]!.GetValue<string>().ShouldBe("mondays");
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/schedules/weekly-report/mondays/pause")).Status.ShouldBe(HttpStatusCode.OK);

        var (again, _) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", Yaml("mondays", "0 9 * * 1"), "application/yaml");
        again.ShouldBe(HttpStatusCode.OK);
        (await ScheduleAsync("weekly-report"))["enabled"]!.GetValue<bool>().ShouldBeFalse("an identical deploy changes nothing");

        await Client.DeployAsync(Yaml("fridays", "0 17 * * 5"));
        var (_, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/schedules");
        var mine = list!.AsArray().Where(s => s!["definition"]!.GetValue<string>() == "weekly-report").ToList();
        var only = mine.ShouldHaveSingleItem()!;
        (only["id"]!.GetValue<string>(), only["definitionVersion"]!.GetValue<int>(), only["enabled"]!.GetValue<bool>()).ShouldBe(("fridays", 2, true));
        var next = DateTimeOffset.Parse(only["nextRunAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        next.DayOfWeek.ShouldBe(DayOfWeek.Friday);
        next.UtcDateTime.Hour.ShouldBeOneOf(21, 22); // 17:00 in New York
    }

    private async Task<JsonNode> ScheduleAsync(string definition)
    {
        var (_, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/schedules");
        return list!.AsArray().Single(s => s!["definition"]!.GetValue<string>() == definition)!;
    }
}

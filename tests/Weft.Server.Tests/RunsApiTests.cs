using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

public sealed class RunsApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Hello_Sample_CompletesWithGreetingAndStepDetails()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var id = await Client.StartAsync("hello", new() { ["name"] = "Ada" });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!.ToJsonString().ShouldBe("""{"greeting":"Hello, Ada!"}""");
        run["input"]!["name"]!.GetValue<string>().ShouldBe("Ada");
        run["variables"]!["greeting"]!.GetValue<string>().ShouldBe("Hello, Ada!");
        var step = run["steps"]!.AsArray().Single()!;
        step["id"]!.GetValue<string>().ShouldBe("greet");
        step["status"]!.GetValue<string>().ShouldBe("completed");
        step["attempts"]!.GetValue<int>().ShouldBe(1);
        step["startedAt"].ShouldNotBeNull();
        step["endedAt"].ShouldNotBeNull();

        var (hs, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        hs.ShouldBe(HttpStatusCode.OK);
        var events = history!["events"]!.AsArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["RunCreated", "RunStarted", "StepStarted", "StepCompleted", "RunCompleted"]);
        events.Select(e => e!["seq"]!.GetValue<long>()).ShouldBe([1L, 2, 3, 4, 5]);
    }

    [Fact]
    public async Task Start_WrongInput_Is400ListingEveryField_AndStoresNothing()
    {
        await Client.DeployAsync(ServerProcess.Sample("delayed-call.yaml"));
        var before = await CountAsync("delayed-call");
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs",
            """{ "definition": "delayed-call", "input": { "url": 5, "order": 1.5, "extra": true } }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        var fields = problem!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        fields.ShouldBe(["url", "order", "extra"], ignoreOrder: true);
        (await CountAsync("delayed-call")).ShouldBe(before);
    }

    [Fact]
    public async Task Start_MalformedBodyOrMissingDefinition_IsClearError()
    {
        var (s1, p1) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs", "{ \"definition\": ");
        s1.ShouldBe(HttpStatusCode.BadRequest);
        p1!["line"]!.GetValue<int>().ShouldBe(1);
        var (s2, p2) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs", "{ \"input\": {} }");
        s2.ShouldBe(HttpStatusCode.BadRequest);
        p2!["field"]!.GetValue<string>().ShouldBe("definition");
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs", "{ \"definition\": \"no-such\" }")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs/no-such-run")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?status=bogus")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?cursor=%%%")).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sleepy_Sample_WaitsOnTimerThenCompletes()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        var id = await Client.StartAsync("sleepy", new() { ["seconds"] = 1 });
        var waiting = await Client.GetRunAsync(id);
        waiting["status"]!.GetValue<string>().ShouldBeOneOf("queued", "running", "waiting");
        var run = await Client.WaitEndedAsync(id, TimeSpan.FromSeconds(20));
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!.ToJsonString().ShouldBe("""{"slept":1}""");
        var step = run["steps"]!.AsArray().Single()!;
        (DateTimeOffset.Parse(step["endedAt"]!.GetValue<string>()) - DateTimeOffset.Parse(run["createdAt"]!.GetValue<string>())).TotalMilliseconds.ShouldBeGreaterThanOrEqualTo(1000);
    }

    [Fact]
    public async Task Call_Sample_ReturnsStatusAndBodyAndSendsIdempotencyKey()
    {
        await Client.DeployAsync(ServerProcess.Sample("call.yaml"));
        var url = new Uri(fixture.Endpoint.Address, "ping").ToString();
        var id = await Client.StartAsync("call", new() { ["url"] = url });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!["status"]!.GetValue<int>().ShouldBe(200);
        run["output"]!["body"]!["path"]!.GetValue<string>().ShouldBe("/ping");
        fixture.Endpoint.ByKey.Keys.ShouldContain($"{id}/fetch/1");
    }

    [Fact]
    public async Task Terminate_WaitingRun_EndsIt_SecondTimeIs409()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        var id = await Client.StartAsync("sleepy", new() { ["seconds"] = 3600 });
        await WaitStatusAsync(id, "waiting");
        var (status, run) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate", """{ "reason": "no longer needed" }""");
        status.ShouldBe(HttpStatusCode.OK);
        run!["status"]!.GetValue<string>().ShouldBe("terminated");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("no longer needed");
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("terminated");
        var (again, problem) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate");
        again.ShouldBe(HttpStatusCode.Conflict);
        problem!["type"]!.GetValue<string>().ShouldEndWith("conflict");
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs/nope/terminate")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListRuns_FiltersByDefinitionAndStatus_PagesWithCursor()
    {
        var yaml = "name: listed\ninput:\n  n: integer\nsteps:\n  - id: a\n    kind: set\n    values: { n: \"${ input.n }\" }\n";
        await Client.DeployAsync(yaml);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add(await Client.StartAsync("listed", new() { ["n"] = i }));
        var created = new Dictionary<string, DateTimeOffset>();
        foreach (var id in ids) created[id] = DateTimeOffset.Parse((await Client.WaitEndedAsync(id))["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        // Oldest first; runs started in the same millisecond are ordered by id (a UUIDv7 is random within its millisecond).
        var expected = ids.OrderBy(id => created[id]).ThenBy(id => id, StringComparer.Ordinal).ToList();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (status, page) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?definition=listed&status=completed&limit=3&sort=createdAt{(cursor is null ? "" : "&cursor=" + cursor)}");
            status.ShouldBe(HttpStatusCode.OK);
            seen.AddRange(page!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        seen.ShouldBe(expected);
        var (_, none) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?definition=listed&status=failed,terminated");
        none!["items"]!.AsArray().ShouldBeEmpty();
        var (_, future) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?definition=listed&createdFrom=2999-01-01T00:00:00Z");
        future!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task FailStep_EndsRunFailedWithMessage()
    {
        var yaml = "name: failing\ninput:\n  why: string\nsteps:\n  - id: stop\n    kind: fail\n    error: \"${ 'because ' + input.why }\"\n";
        await Client.DeployAsync(yaml);
        var id = await Client.StartAsync("failing", new() { ["why"] = "tested" });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldBe("because tested");
        run["error"]!["step"]!.GetValue<string>().ShouldBe("stop");
    }

    private async Task<int> CountAsync(string definition)
    {
        var (_, page) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?definition={definition}&limit=500");
        return page!["items"]!.AsArray().Count;
    }

    private async Task WaitStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Client.GetRunAsync(id))["status"]!.GetValue<string>() != status)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {id} never became {status}");
            await Task.Delay(50);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Numbers beside ids over HTTP: shown on runs, definitions, tasks and integration items, and taken wherever an id is.</summary>
public sealed class NumbersApiTests(HumanServerFixture fixture) : IClassFixture<HumanServerFixture>
{
    private HttpClient Client => fixture.Client;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonNode> StartAsync(string definition, string ns = "default", JsonObject? input = null)
    {
        var body0 = new JsonObject { ["definition"] = definition, ["input"] = input ?? [] };
        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/runs", body0.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    [Fact]
    public async Task StartRun_AnswersItsNumber_GetHistoryAndListFindItByNumber()
    {
        var name = Unique("numbered");
        var deployed = await Client.DeployAsync($"name: {name}\nsteps:\n  - id: a\n    kind: set\n    values:\n      x: 1\n");
        deployed["number"]!.GetValue<long>().ShouldBeGreaterThan(0);
        var first = await StartAsync(name);
        var second = await StartAsync(name);
        var (n1, n2) = (first["number"]!.GetValue<long>(), second["number"]!.GetValue<long>());
        n1.ShouldBeGreaterThan(0);
        n2.ShouldBeGreaterThan(n1);

        var run = await Client.GetRunAsync(n2.ToString(System.Globalization.CultureInfo.InvariantCulture));
        run["id"]!.GetValue<string>().ShouldBe(second["id"]!.GetValue<string>());
        run["number"]!.GetValue<long>().ShouldBe(n2);
        var (hs, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{n1}/history");
        hs.ShouldBe(HttpStatusCode.OK, history?.ToJsonString());
        history!["runId"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        var (ls, list) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?definition={name}");
        ls.ShouldBe(HttpStatusCode.OK);
        list!["items"]!.AsArray().Select(r => r!["number"]!.GetValue<long>()).ShouldBe([n2, n1]);
        var (rs, result) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{n1}/result?wait=5");
        rs.ShouldBe(HttpStatusCode.OK, result?.ToJsonString());
        result!["number"]!.GetValue<long>().ShouldBe(n1);
    }

    [Fact]
    public async Task RunNumber_IsPerNamespace_AndAnUnknownNumberIsNotFound()
    {
        var ns = Unique("ns");
        (await Client.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}")).Status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var name = Unique("elsewhere");
        await Client.DeployAsync($"name: {name}\nsteps:\n  - id: a\n    kind: delay\n    duration: 1h\n", ns);
        var run = await StartAsync(name, ns);
        run["number"]!.GetValue<long>().ShouldBe(1);

        (await Client.GetRunAsync("1", ns))["id"]!.GetValue<string>().ShouldBe(run["id"]!.GetValue<string>());
        var (missing, problem) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/runs/2");
        missing.ShouldBe(HttpStatusCode.NotFound);
        problem!["detail"]!.GetValue<string>().ShouldContain("'2'");

        var (ts, terminated) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/runs/1/terminate", """{ "reason": "by number" }""");
        ts.ShouldBe(HttpStatusCode.OK, terminated?.ToJsonString());
        (await Client.GetRunAsync(run["id"]!.GetValue<string>(), ns))["status"]!.GetValue<string>().ShouldBe("terminated");
    }

    [Fact]
    public async Task Task_ShowsItsNumber_AndIsReadAndCompletedByNumber()
    {
        var name = Unique("ask");
        await Client.DeployAsync($"name: {name}\nsteps:\n  - id: ask\n    kind: human\n    title: Sign\n    assign: {{ user: ann }}\n");
        var run = await StartAsync(name);
        var task = await Client.WaitTaskAsync(run["number"]!.ToJsonString());
        var number = task["number"]!.GetValue<long>();
        number.ShouldBeGreaterThan(0);

        (await Client.GetTaskAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture)))["id"]!.GetValue<string>().ShouldBe(task["id"]!.GetValue<string>());
        var (done, completed) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{number}/complete?namespace=default", """{ "action": "approve" }""");
        done.ShouldBe(HttpStatusCode.OK, completed?.ToJsonString());
        completed!["number"]!.GetValue<long>().ShouldBe(number);
        (await Client.WaitEndedAsync(run["id"]!.GetValue<string>()))["status"]!.GetValue<string>().ShouldBe("completed");
    }

    [Fact]
    public async Task IntegrationItem_ShowsItsNumber_AndIsReadAndCompletedByNumber()
    {
        var name = Unique("job");
        var queue = Unique("q");
        await Client.DeployAsync($"name: {name}\nsteps:\n  - id: job\n    kind: integration\n    queue: {queue}\n    fields:\n      - {{ key: answer, type: integer, output: true }}\n");
        var run = await StartAsync(name);
        var item = await Client.PollOneAsync(queue, "w1");
        var number = item["number"]!.GetValue<long>();
        number.ShouldBeGreaterThan(0);

        (await Client.GetItemAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture)))["id"]!.GetValue<string>().ShouldBe(item.Id());
        var (cs, completed) = await Client.ItemAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture), "complete",
            new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["answer"] = 42 } });
        cs.ShouldBe(HttpStatusCode.OK, completed?.ToJsonString());
        completed!["number"]!.GetValue<long>().ShouldBe(number);
        (await Client.WaitEndedAsync(run["id"]!.GetValue<string>()))["status"]!.GetValue<string>().ShouldBe("completed");
    }

    [Fact]
    public async Task ChildRunsAndReruns_GetNumbersToo_AndARerunTakesTheOriginalsNumber()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        await Client.DeployAsync(ServerProcess.Sample("subworkflow.yaml"));
        var parent = await Client.StartAsync("subworkflow", new JsonObject { ["name"] = "Ada" });
        var ended = await Client.WaitEndedAsync(parent);
        var childId = ended["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "child")!["childRunId"]!.GetValue<string>();
        var child = await Client.GetRunAsync(childId);
        child["number"]!.GetValue<long>().ShouldBeGreaterThan(ended["number"]!.GetValue<long>());

        await Client.DeployAsync(ServerProcess.Sample("rerun.yaml"));
        var failed = await StartAsync("rerun", input: new JsonObject { ["price"] = 100 });
        var original = failed["number"]!.GetValue<long>();
        (await Client.WaitEndedAsync(failed["id"]!.GetValue<string>()))["status"]!.GetValue<string>().ShouldBe("failed");
        var (status, rerun) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{original}/rerun",
            new JsonObject { ["fromStep"] = "gross", ["variables"] = new JsonObject { ["price"] = 50 } }.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, rerun?.ToJsonString());
        rerun!["rerunOf"]!["runId"]!.GetValue<string>().ShouldBe(failed["id"]!.GetValue<string>());
        rerun["number"]!.GetValue<long>().ShouldBeGreaterThan(original);
    }
}

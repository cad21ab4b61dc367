using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Issue 13's poison runs and values, each with the input that was sent: a run whose advance overflowed or ran past
/// its limits now fails with the reason, the server answering throughout; values over the limits are refused at the
/// door instead of wedging the run's checkpoint.
/// </summary>
public sealed class HardeningTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> DeployAsync(string name, string steps)
    {
        await Client.DeployAsync($"name: {name}\nsteps:\n{steps}");
        return name;
    }

    private async Task ServerAnswersAsync()
    {
        var (status, _) = await Client.SendAsync(HttpMethod.Get, "/health");
        status.ShouldBe(HttpStatusCode.OK);
        var hello = await Client.StartAsync(await HelloAsync(), new JsonObject { ["name"] = "Ada" });
        (await Client.WaitEndedAsync(hello))["status"]!.GetValue<string>().ShouldBe("completed");
    }

    private async Task<string> HelloAsync()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        return "hello";
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = 1;
        for (var i = 0; i < depth; i++) node = new JsonObject { ["a"] = node };
        return node;
    }

    [Fact]
    public async Task PoisonScriptAfterADelay_FailsTheRunWithTheReason_AndTheServerStaysUp()
    {
        var name = await DeployAsync(Name("poison"), """
              - { id: wait, kind: delay, duration: 1s }
              - id: parse
                kind: script
                code: "return JSON.parse(new Array(50001).join('[') + new Array(50001).join(']'));"
            """);

        var id = await Client.StartAsync(name, []);
        var run = await Client.WaitEndedAsync(id, TimeSpan.FromSeconds(60));

        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("SyntaxError");
        await ServerAnswersAsync();
    }

    [Fact]
    public async Task PoisonScriptInTheStartRequest_AnswersWithAFailedRun()
    {
        var name = await DeployAsync(Name("poison-now"), """
              - id: parse
                kind: script
                code: "return JSON.parse(new Array(50001).join('[') + new Array(50001).join(']'));"
            """);

        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs", new JsonObject { ["definition"] = name }.ToJsonString());

        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var run = await Client.WaitEndedAsync(body!["id"]!.GetValue<string>());
        run["status"]!.GetValue<string>().ShouldBe("failed");
        await ServerAnswersAsync();
    }

    [Fact]
    public async Task BacktrackingRegex_FailsTheStep_InsteadOfHoldingACore()
    {
        var name = await DeployAsync(Name("regex"), """
              - id: match
                kind: script
                code: "return /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!');"
            """);

        var run = await Client.WaitEndedAsync(await Client.StartAsync(name, []), TimeSpan.FromSeconds(30));

        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("regular expression ran longer than");
    }

    [Fact]
    public async Task SetValueDoublingInAWhile_FailsAtTheValueLimit_NotAt2GB()
    {
        var name = await DeployAsync(Name("doubling"), """
              - { id: init, kind: set, values: { s: "x" } }
              - id: grow
                kind: while
                condition: ${ true }
                maxIterations: 100
                steps:
                  - id: double
                    kind: set
                    values:
                      s: ${ vars.s + vars.s }
            """);

        var run = await Client.WaitEndedAsync(await Client.StartAsync(name, []), TimeSpan.FromSeconds(60));

        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("larger than 1024 KiB");
        await ServerAnswersAsync();
    }

    [Fact]
    public async Task EventNestedSixtyLevels_IsRefused_AndTheRunStillTakesAGoodOne()
    {
        await Client.DeployAsync(ServerProcess.Sample("event-wait.yaml"));
        var order = Name("order");
        var id = await Client.StartAsync("event-wait", new JsonObject { ["orderId"] = order });
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");

        var deep = new JsonObject { ["name"] = "payment-received", ["correlation"] = order, ["payload"] = Nested(60) };
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", deep.ToJsonString());

        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["detail"]!.GetValue<string>().ShouldContain("nests deeper than 32 levels");
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");
        var good = new JsonObject { ["name"] = "payment-received", ["correlation"] = order, ["payload"] = new JsonObject { ["amount"] = 5 } };
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", good.ToJsonString())).Status.ShouldBe(HttpStatusCode.Accepted);
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("completed");
    }

    [Fact]
    public async Task StartInputNestedSixtyLevels_IsRefusedNamingTheLimit()
    {
        var start = new JsonObject { ["definition"] = await HelloAsync(), ["input"] = new JsonObject { ["name"] = "Ada", ["extra"] = Nested(60) } };

        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs", start.ToJsonString());

        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["detail"]!.GetValue<string>().ShouldContain("the input nests deeper than 32 levels");
    }

    [Fact]
    public async Task ModernJavaScriptInADefinition_Runs()
    {
        var name = await DeployAsync(Name("modern"), """
              - id: sum
                kind: script
                code: |
                  const items = [{ qty: 2, price: 3 }, { qty: 1, price: 10 }];
                  const total = items.reduce((acc, { qty, price }) => acc + qty * price, 0);
                  return { total, label: `total: ${total}`, big: items.some(i => i?.price > 5) };
            """);

        var run = await Client.WaitEndedAsync(await Client.StartAsync(name, []));

        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!["sum"].ShouldBeNull();
        var step = run["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "sum")!;
        step["output"]!.ToJsonString().ShouldBe("""{"total":16,"label":"total: 16","big":true}""");
    }

    /// <summary>
    /// A run whose work has been taken up more often than <c>Weft:Worker:MaxAdvanceAttempts</c> (as a run that stops
    /// the server at every advance is, once per restart) is failed at the next start instead of advanced again.
    /// </summary>
    [Fact]
    public async Task RunWhoseWorkWasTakenUpTooOften_IsFailedAfterTheRestart_NotAdvancedAgain()
    {
        using var dir = new TempDirectory();
        var settings = StoreSettings.Sqlite(dir.Path, "poison.db");
        var id = "";
        await using var second = await CrashRestart.KillAndRestartAsync(dir.Path, settings, async first =>
        {
            await first.Client.DeployAsync("name: sleeper\nsteps:\n  - { id: nap, kind: delay, duration: 2s }\n  - { id: done, kind: end }\n");
            id = await first.Client.StartAsync("sleeper", []);
            (await first.Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");
        }, whileDown: async () =>
        {
            // As if five servers in a row had died advancing it.
            await using var db = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "poison.db")}");
            await db.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE work SET token = 5 WHERE run_id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            (await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        });
        var run = await second.Client.WaitEndedAsync(id, TimeSpan.FromSeconds(30));

        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("could not advance the run");
        run["steps"]!.AsArray().Any(s => s!["id"]!.GetValue<string>() == "done").ShouldBeFalse();
    }
}

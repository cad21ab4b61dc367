using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary><c>GET .../runs/{id}?iterations=true</c> on the foreach sample.</summary>
public sealed class RunIterationsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<string> CompletedForEachRunAsync()
    {
        await Client.DeployAsync(ServerProcess.Sample("foreach.yaml"));
        var lines = new JsonArray(
            new JsonObject { ["sku"] = "a", ["qty"] = 2, ["price"] = 5 },
            new JsonObject { ["sku"] = "b", ["qty"] = 1, ["price"] = 7 },
            new JsonObject { ["sku"] = "c", ["qty"] = 3, ["price"] = 1 });
        var id = await Client.StartAsync("foreach", new JsonObject { ["lines"] = lines });
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("completed");
        return id;
    }

    [Fact]
    public async Task GetRun_WithIterations_ListsEachIterationWithItsItemAndSteps()
    {
        var id = await CompletedForEachRunAsync();
        var (status, run) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}?iterations=true");
        status.ShouldBe(HttpStatusCode.OK);
        var iterations = run!["iterations"]!.AsArray();
        iterations.Count.ShouldBe(3);
        var second = iterations.Single(i => i!["index"]!.GetValue<int>() == 1)!;
        second["key"]!.GetValue<string>().ShouldBe("price[1]");
        second["owner"]!.GetValue<string>().ShouldBe("price");
        second["status"]!.GetValue<string>().ShouldBe("completed");
        second["item"]!["sku"]!.GetValue<string>().ShouldBe("b");
        second["steps"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()).ShouldBe(["price[1]/settle", "price[1]/line"]);
        second["steps"]![1]!["output"]!["total"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task GetRun_WithoutIterations_AnswersAsBefore()
    {
        var id = await CompletedForEachRunAsync();
        var plain = await Client.GetRunAsync(id);
        plain.AsObject().ContainsKey("iterations").ShouldBeFalse();
        var (_, off) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}?iterations=false");
        off!.AsObject().ContainsKey("iterations").ShouldBeFalse();
        off["steps"]!.ToJsonString().ShouldBe(plain["steps"]!.ToJsonString());
    }

    [Fact]
    public async Task GetRun_IterationsNotABoolean_Is400NamingIt()
    {
        var id = await CompletedForEachRunAsync();
        var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}?iterations=maybe");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["field"]!.GetValue<string>().ShouldBe("iterations");
    }
}

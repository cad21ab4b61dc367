using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Latest run, a step, a variable; start with tags, businessKey and typed variables; the listing's filters, sorts and paging.</summary>
public sealed class RunInspectionTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private const string Runs = "/api/v1/namespaces/default/runs";

    private async Task<JsonNode> StartAsync(string body)
    {
        var (status, run) = await Client.SendAsync(HttpMethod.Post, Runs, body);
        status.ShouldBe(HttpStatusCode.Created, run?.ToJsonString());
        return run!;
    }

    private async Task<List<string>> ListIdsAsync(string query)
    {
        var (status, page) = await Client.SendAsync(HttpMethod.Get, $"{Runs}?{query}");
        status.ShouldBe(HttpStatusCode.OK, page?.ToJsonString());
        return page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task TypedVariables_SeedTheRun_AndStepAndVariableCanBeRead()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var started = await StartAsync("""
            { "definition": "inspect-order", "input": { "item": "pen" },
              "variables": [ { "id": 1, "name": "quantity", "value": 3, "type": "integer" }, { "name": "unitPrice", "value": 2.5, "type": "number" } ] }
            """);
        var id = started["id"]!.GetValue<string>();
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!.ToJsonString().ShouldBe("""{"total":7.5,"label":"pen x3"}""");

        var (vs, variable) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/variables/total");
        vs.ShouldBe(HttpStatusCode.OK);
        variable!.ToJsonString().ShouldBe("""{"name":"total","value":7.5}""");
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/variables/quantity")).Body!["value"]!.GetValue<int>().ShouldBe(3);
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/variables/nope")).Status.ShouldBe(HttpStatusCode.NotFound);

        var (ss, step) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/steps/label");
        ss.ShouldBe(HttpStatusCode.OK);
        step!["id"]!.GetValue<string>().ShouldBe("label");
        step["status"]!.GetValue<string>().ShouldBe("completed");
        step["kind"]!.GetValue<string>().ShouldBe("set");
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/steps/nope")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/no-such-run/steps/label")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/no-such-run/variables/total")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Latest_GivesTheNewestRunOfTheDefinition_404WhenUnknownOrNone()
    {
        var name = "latest-" + Guid.NewGuid().ToString("N")[..8];
        await Client.DeployAsync($"name: {name}\nsteps:\n  - id: a\n    kind: set\n    values:\n      x: 1\n");
        var latest = $"/api/v1/namespaces/default/definitions/{name}/runs/latest";
        (await Client.SendAsync(HttpMethod.Get, latest)).Status.ShouldBe(HttpStatusCode.NotFound);
        await Client.StartAsync(name, []);
        var second = await Client.StartAsync(name, []);
        await Client.WaitEndedAsync(second);
        var (status, body) = await Client.SendAsync(HttpMethod.Get, latest);
        status.ShouldBe(HttpStatusCode.OK);
        body!["id"]!.GetValue<string>().ShouldBe(second);
        body["status"]!.GetValue<string>().ShouldBe("completed");
        body["createdAt"].ShouldNotBeNull();
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/no-such-def/runs/latest")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_BadTagsKeyOrVariables_Is400NamingTheField_AndStoresNothing()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var marker = Guid.NewGuid().ToString("N");
        var tooMany = new JsonObject();
        for (var i = 0; i < 21; i++) tooMany[$"k{i}"] = marker;
        (string Body, string Field)[] cases =
        [
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}", "n": 5 } }""", "tags.n"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": ["{{marker}}"] }""", "tags"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": {{tooMany.ToJsonString()}} }""", "tags"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}", "long": "{{new string('x', 300)}}" } }""", "tags.long"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "businessKey": 7 }""", "businessKey"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": [ { "name": "quantity", "value": "three", "type": "integer" } ] }""", "variables[0].value"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": [ { "name": "q", "value": 1 }, { "name": "when", "value": "not a date", "type": "datetime" } ] }""", "variables[1].value"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": [ { "name": "q", "value": 1.5, "type": "integer" } ] }""", "variables[0].value"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": [ { "value": 1 } ] }""", "variables[0].name"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": [ { "name": "q", "value": 1, "type": "money" } ] }""", "variables[0].type"),
            ($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "m": "{{marker}}" }, "variables": { "q": 1 } }""", "variables"),
        ];
        foreach (var (body, field) in cases)
        {
            var (status, problem) = await Client.SendAsync(HttpMethod.Post, Runs, body);
            status.ShouldBe(HttpStatusCode.BadRequest, body);
            problem!["field"]!.GetValue<string>().ShouldBe(field, body);
        }
        (await ListIdsAsync($"tag=m:{marker}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task BusinessKey_SecondStartIs409_AndNothingWritten()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var key = "ORDER-" + Guid.NewGuid().ToString("N")[..10];
        var first = await StartAsync($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "businessKey": "{{key}}", "tags": { "region": "eu" } }""");
        first["businessKey"]!.GetValue<string>().ShouldBe(key);
        first["tags"]!["region"]!.GetValue<string>().ShouldBe("eu");
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Runs, $$"""{ "definition": "inspect-order", "input": { "item": "b" }, "businessKey": "{{key}}" }""");
        status.ShouldBe(HttpStatusCode.Conflict);
        problem!["detail"]!.GetValue<string>().ShouldContain("businessKey");
        (await ListIdsAsync($"businessKey={key}")).ShouldBe([first["id"]!.GetValue<string>()]);
        var row = (await Client.SendAsync(HttpMethod.Get, $"{Runs}?businessKey={key}")).Body!["items"]![0]!;
        row["businessKey"]!.GetValue<string>().ShouldBe(key);
        row["tags"]!["region"]!.GetValue<string>().ShouldBe("eu");
    }

    [Fact]
    public async Task Listing_FiltersSortsAndPages()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var batch = Guid.NewGuid().ToString("N")[..10];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var run = await StartAsync($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "businessKey": "Zq{{batch}}-{{i}}", "tags": { "batch": "{{batch}}", "parity": "{{(i % 2 == 0 ? "even" : "odd")}}" } }""");
            ids.Add(run["id"]!.GetValue<string>());
        }
        (await ListIdsAsync($"tag=batch:{batch}&sort=createdAt:asc")).ShouldBe(ids);
        (await ListIdsAsync($"tag=batch:{batch}&tag=parity:odd&sort=createdAt:asc")).ShouldBe([ids[1], ids[3]]);
        (await ListIdsAsync($"q=zQ{batch}-3")).ShouldBe([ids[3]]);
        (await ListIdsAsync($"q={batch.ToUpperInvariant()}&sort=createdAt:desc")).ShouldBe(Enumerable.Reverse(ids).ToList());
        (await ListIdsAsync($"tag=batch:{batch}&initiator=nobody-{batch}")).ShouldBeEmpty();
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        (await ListIdsAsync($"tag=batch:{batch}&updatedFrom={from}&updatedTo={to}")).Count.ShouldBe(5);
        (await ListIdsAsync($"tag=batch:{batch}&updatedTo={from}")).ShouldBeEmpty();
        (await ListIdsAsync($"tag=batch:{batch}&status=completed,failed")).Count.ShouldBe(5);
        foreach (var sort in new[] { "updatedAt:asc", "updatedAt:desc", "definition:asc", "definition:desc", "status:asc", "status:desc", "createdAt:desc" })
        {
            var whole = await ListIdsAsync($"tag=batch:{batch}&sort={sort}");
            whole.ShouldBe(ids, ignoreOrder: true);
            var paged = new List<string>();
            string? cursor = null;
            do
            {
                var (s, page) = await Client.SendAsync(HttpMethod.Get, $"{Runs}?tag=batch:{batch}&sort={sort}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
                s.ShouldBe(HttpStatusCode.OK);
                paged.AddRange(page!["items"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            paged.ShouldBe(whole, sort);
        }
        var (os, offsetPage) = await Client.SendAsync(HttpMethod.Get, $"{Runs}?tag=batch:{batch}&sort=createdAt:asc&offset=3&limit=10");
        os.ShouldBe(HttpStatusCode.OK);
        offsetPage!["total"]!.GetValue<long>().ShouldBe(5);
        offsetPage["items"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ShouldBe([ids[3], ids[4]]);
    }

    [Fact]
    public async Task Listing_ByInitiator_FindsTheCallersRuns()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var user = "user-" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Post, Runs)
        {
            Content = new StringContent("""{ "definition": "inspect-order", "input": { "item": "a" } }""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Options.Set(TokenHandler.ActAs, user);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["id"]!.GetValue<string>();
        await Client.StartAsync("inspect-order", new JsonObject { ["item"] = "b" });
        (await ListIdsAsync($"initiator={user}")).ShouldBe([id]);
    }

    [Theory]
    [InlineData("sort=size", "sort")]
    [InlineData("sort=createdAt:up", "sort")]
    [InlineData("tag=novalue", "tag")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    [InlineData("updatedFrom=yesterday", "updatedFrom")]
    [InlineData("updatedTo=soon", "updatedTo")]
    [InlineData("status=done", "status")]
    [InlineData("offset=1&cursor=abc", "offset")]
    public async Task Listing_BadParameter_Is400NamingIt(string query, string field)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Get, $"{Runs}?{query}");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task Listing_CursorFromAnotherSort_Is400()
    {
        await Client.DeployAsync(ServerProcess.Sample("inspect-order.yaml"));
        var batch = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 2; i++) await StartAsync($$"""{ "definition": "inspect-order", "input": { "item": "a" }, "tags": { "batch": "{{batch}}" } }""");
        var cursor = (await Client.SendAsync(HttpMethod.Get, $"{Runs}?tag=batch:{batch}&sort=status:asc&limit=1")).Body!["nextCursor"]!.GetValue<string>();
        var (status, problem) = await Client.SendAsync(HttpMethod.Get, $"{Runs}?tag=batch:{batch}&sort=createdAt:asc&cursor={cursor}");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("cursor");
    }
}

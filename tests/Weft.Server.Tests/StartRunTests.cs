using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The one way a run is started, seen from the native API: a run id chosen by the caller, idempotent starts, and fields named when they do not fit.</summary>
public sealed class StartRunTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<(HttpStatusCode Status, JsonNode? Body)> StartAsync(string body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/runs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Start_WithIdempotencyKey_TwiceAnswersTheSameRun_AndStartsOne()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var key = "order-" + Guid.NewGuid().ToString("N");
        var body = """{ "definition": "hello", "input": { "name": "Ada" }, "tags": { "k": "idem" } }""";
        var (first, run) = await StartAsync(body, key);
        first.ShouldBe(HttpStatusCode.Created);
        var (again, same) = await StartAsync(body, key);
        again.ShouldBe(HttpStatusCode.OK);
        same!["id"]!.GetValue<string>().ShouldBe(run!["id"]!.GetValue<string>());

        var (_, other) = await StartAsync(body, key + "-other");
        other!["id"]!.GetValue<string>().ShouldNotBe(run["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_WithRunId_IsStoredUnderIt_AndASecondStartIs409()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var id = "invoice-" + Guid.NewGuid().ToString("N");
        var (status, run) = await StartAsync($$"""{ "definition": "hello", "runId": "{{id}}", "input": { "name": "Ada" } }""");
        status.ShouldBe(HttpStatusCode.Created);
        run!["id"]!.GetValue<string>().ShouldBe(id);
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("completed");

        var (twice, problem) = await StartAsync($$"""{ "definition": "hello", "runId": "{{id}}", "input": { "name": "Bo" } }""");
        twice.ShouldBe(HttpStatusCode.Conflict);
        problem!["detail"]!.GetValue<string>().ShouldContain(id);
    }

    [Fact]
    public async Task Start_ByDefinitionId_RunsThatVersion()
    {
        var deployed = await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var definitionId = deployed["id"]!.GetValue<string>();
        var (status, run) = await StartAsync($$"""{ "definitionId": "{{definitionId}}", "input": { "name": "Ada" } }""");
        status.ShouldBe(HttpStatusCode.Created, run?.ToJsonString());
        run!["definitionId"]!.GetValue<string>().ShouldBe(definitionId);
        (await StartAsync("""{ "definitionId": "no-such-id" }""")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await StartAsync($$"""{ "definitionId": "{{definitionId}}", "definition": "hello" }""")).Body!["field"]!.GetValue<string>().ShouldBe("definitionId");
    }

    [Fact]
    public async Task Start_AnswersTheRunsNumber_AlsoWhenTheWorkerTakesItOnAtOnce()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var deployed = await Client.DeployAsync(ServerProcess.Sample("subworkflow.yaml"));
        // A first step that is a subworkflow hands the run to the worker in the start's own write: the answer is a copy taken before.
        var (status, run) = await StartAsync("""{ "definition": "subworkflow", "input": { "name": "Ada" } }""");
        status.ShouldBe(HttpStatusCode.Created);
        var number = run!["number"]!.GetValue<long>();
        number.ShouldBeGreaterThan(0);
        (await Client.GetRunAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture)))["id"]!.GetValue<string>().ShouldBe(run["id"]!.GetValue<string>());

        // definitionId takes the definition's number too.
        var (byNumber, started) = await StartAsync($$"""{ "definitionId": "{{deployed["number"]}}", "input": { "name": "Bo" } }""");
        byNumber.ShouldBe(HttpStatusCode.Created, started?.ToJsonString());
        started!["definition"]!.GetValue<string>().ShouldBe("subworkflow");
    }

    [Theory]
    [InlineData("""{ "definition": "hello", "runId": "a/b" }""", "runId")]
    [InlineData("""{ "definition": "hello", "runId": "12345" }""", "runId")]
    [InlineData("""{ "definition": "hello", "version": 0 }""", "version")]
    [InlineData("""{ "definition": "hello", "businessKey": "" }""", "businessKey")]
    [InlineData("""{ "definition": "hello", "variables": [ { "name": "n", "value": "x", "type": "integer" } ] }""", "variables[0].value")]
    [InlineData("""{ "definition": "hello", "tags": { "a:b": "c" } }""", "tags")]
    public async Task Start_FieldThatDoesNotFit_Is400NamingIt(string body, string field)
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var (status, problem) = await StartAsync(body);
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task Start_UnknownTopLevelField_IsNamed_AndPointsAtInput()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var (status, problem) = await StartAsync("""{ "definition": "hello", "name": "Ada" }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("name");
        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldContain("Unknown field 'name'");
        detail.ShouldContain("'input'");
    }
}

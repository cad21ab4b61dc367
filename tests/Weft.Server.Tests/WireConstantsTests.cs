using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shouldly;
using Weft.Contracts;
using Weft.Contracts.Runs;
using Weft.Core.Runs;
using Weft.Server.Api;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The wire constants in Weft.Contracts held against what Core has and what the engine emits (issue 14, point 2).</summary>
public sealed partial class WireConstantsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public void RunStatusNames_AreCoresStatuses()
    {
        Enum.GetValues<RunStatus>().Select(s => s.ToName()).ShouldBe(Weft.Contracts.Runs.RunStatusNames.All);
    }

    [Fact]
    public void HistoryEventTypes_AndStepStatuses_AreCoresOnBothSidesOfTheWire()
    {
        // The engine records only Core's named types (no literal is left in a Record call); the contracts name the same ones.
        Weft.Contracts.Runs.HistoryEventTypes.All.ShouldBe(Weft.Core.Runs.HistoryEventTypes.All, ignoreOrder: true);
        Weft.Contracts.Runs.StepStatuses.All.ShouldBe(Weft.Core.Runs.StepStatuses.All, ignoreOrder: true);
        var engine = Path.Combine(ServerProcess.RepoRoot, "src", "Weft.Core");
        var literals = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .SelectMany(line => RecordCall().Matches(line))
            .SelectMany(m => Literal().Matches(m.Value).Select(l => l.Groups[1].Value))
            .ToList();
        literals.ShouldBeEmpty("history event types written as string literals in Core instead of HistoryEventTypes");
    }

    [Fact]
    public async Task SampleRuns_HistoryTypesAndStepStatuses_AreWireConstants()
    {
        var starts = new (string Sample, string Definition, JsonObject Input)[]
        {
            ("hello.yaml", "hello", new() { ["name"] = "Ada" }),
            ("foreach.yaml", "foreach", new() { ["lines"] = new JsonArray(new JsonObject { ["sku"] = "a", ["qty"] = 2, ["price"] = 3 }) }),
            ("saga.yaml", "saga", new() { ["failPayment"] = true }),
            ("while.yaml", "while", new() { ["readyAfter"] = 2 }),
        };
        var types = new HashSet<string>();
        var statuses = new HashSet<string>();
        foreach (var (sample, definition, input) in starts)
        {
            await Client.DeployAsync(ServerProcess.Sample(sample));
            var id = await Client.StartAsync(definition, input);
            var run = await Client.WaitEndedAsync(id);
            statuses.UnionWith(run["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
            var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
            types.UnionWith(history!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        }
        types.ShouldContain(Weft.Contracts.Runs.HistoryEventTypes.StepCompleted);
        types.Except(Weft.Contracts.Runs.HistoryEventTypes.All).ShouldBeEmpty();
        statuses.ShouldContain(Weft.Contracts.Runs.StepStatuses.Completed);
        statuses.Except(Weft.Contracts.Runs.StepStatuses.All).ShouldBeEmpty();
    }

    [Fact]
    public void StartBody_UnknownField_IsNamedAndToldWhereInputGoes()
    {
        var body = JsonNode.Parse("""{ "definition": "hello", "name": "Ada" }""")!.AsObject();
        var e = Should.Throw<BadRequestException>(() => RequestBody.Bind(body, WeftJsonContext.Default.StartRunRequest, StartRunBody.Rules));
        e.Field.ShouldBe("name");
        e.Message.ShouldStartWith("Unknown field 'name': this body takes definition, version, input, variables, tags, businessKey, case, parameterSet, runId, definitionId.");
        e.Message.ShouldContain("input goes under 'input'");

        var bound = RequestBody.Bind(JsonNode.Parse("""{ "definition": "hello", "version": 2, "input": { "name": "Ada" }, "variables": [{ "id": 1, "name": "x", "value": true, "type": "boolean" }], "tags": { "a": "b" }, "runId": "r1" }""")!.AsObject(),
            WeftJsonContext.Default.StartRunRequest, StartRunBody.Rules);
        bound.Version.ShouldBe(2);
        bound.Variables![0].Name.ShouldBe("x");
        bound.RunId.ShouldBe("r1");
    }

    [GeneratedRegex(@"\bRecord\((.*)")]
    private static partial Regex RecordCall();

    [GeneratedRegex("\"([A-Z][A-Za-z]+)\"")]
    private static partial Regex Literal();
}

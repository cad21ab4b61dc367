using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

public class IntegrationStepTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private static DefinitionException Refused(string yaml) => Should.Throw<DefinitionException>(() => DefinitionParser.Parse(yaml, json: false));

    private const string Head = "name: w\nsteps:\n  - id: job\n    kind: integration\n";

    [Fact]
    public void Parse_Sample_ReadsQueueFieldsAndTimeout()
    {
        var step = DefinitionParser.Parse(Samples.Read("integration.yaml"), json: false).Steps[0].ShouldBeOfType<IntegrationStep>();
        step.Queue.ShouldBe("credit-check");
        step.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        step.Fields.Select(f => (f.Key, f.Type, f.Output, f.Required)).ShouldBe(
        [
            ("customer", InputType.String, false, false),
            ("amount", InputType.Decimal, false, false),
            ("score", InputType.Integer, true, true),
            ("note", InputType.String, true, false),
        ]);
    }

    [Theory]
    [InlineData("    fields: []\n", "queue")]
    [InlineData("    queue: q\n    fields:\n      - { key: a, type: money }\n", "fields[0].type")]
    [InlineData("    queue: q\n    fields:\n      - { type: string }\n", "fields[0].key")]
    [InlineData("    queue: q\n    fields:\n      - { key: a, type: integer, value: abc }\n", "fields[0].value")]
    [InlineData("    queue: q\n    fields:\n      - { key: a, type: string }\n      - { key: a, type: string }\n", "fields[1].key")]
    [InlineData("    queue: q\n    fields:\n      - { key: a, type: string, direction: in }\n", "direction")]
    [InlineData("    queue: q\n    fields: { a: string }\n", "fields")]
    [InlineData("    queue: \"bad queue\"\n", "queue")]
    public void Parse_BadIntegrationStep_NamesTheField(string body, string field)
    {
        var e = Refused(Head + body);
        e.Problems.Select(p => p.Field).ShouldContain(field, e.Message);
    }

    [Fact]
    public void Advance_IntegrationStep_CreatesItemWithEvaluatedFields_AndWaits_ThenCompletesOnSignal()
    {
        var definition = DefinitionParser.Parse(Samples.Read("integration.yaml"), json: false);
        var run = new RunRecord
        {
            Id = "run-1",
            Namespace = "default",
            DefinitionId = "def-1",
            DefinitionName = definition.Name,
            DefinitionVersion = 1,
            Input = InputValidator.Validate(definition, new JsonObject { ["customer"] = "Ada", ["amount"] = 50 }),
            CreatedAt = T0,
            UpdatedAt = T0,
        };
        var write = _engine.Start(run, definition, T0, null);

        run.Status.ShouldBe(RunStatus.Waiting);
        var created = write.Effects.OfType<IntegrationItemCreated>().ShouldHaveSingleItem();
        (created.Queue, created.Step, created.Attempt).ShouldBe(("credit-check", "check", 1));
        IntegrationFields.Values(created.Fields).ToJsonString().ShouldBe("""{"customer":"Ada","amount":50,"score":null,"note":null}""");
        write.Work.ShouldContain(w => w.Kind == WorkKind.Timer && w.DueAt == T0 + TimeSpan.FromMinutes(10));
        write.Events.Select(e => e.Type).ShouldContain("IntegrationItemCreated");

        var signal = new WorkItem("s1", run.Id, WorkKind.Signal, "check", 1, T0, 1, new JsonObject
        {
            ["type"] = "completed",
            ["itemId"] = created.Id,
            ["worker"] = "w1",
            ["fields"] = new JsonObject { ["score"] = 450 },
            ["result"] = null,
        });
        _engine.Advance(run, definition, signal, T0.AddSeconds(5));
        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!.ToJsonString().ShouldBe("""{"approved":false,"score":450}""");
    }

    [Fact]
    public void TimerFired_WhileWaiting_CancelsItemAndRetriesWithNewItem()
    {
        var definition = DefinitionParser.Parse(Samples.Read("integration.yaml"), json: false);
        var run = new RunRecord
        {
            Id = "run-1",
            Namespace = "default",
            DefinitionId = "def-1",
            DefinitionName = definition.Name,
            DefinitionVersion = 1,
            Input = new JsonObject { ["customer"] = "Ada", ["amount"] = 50 },
            CreatedAt = T0,
            UpdatedAt = T0,
        };
        var start = _engine.Start(run, definition, T0, null);
        var timer = start.Work.Single(w => w.Kind == WorkKind.Timer);
        var fired = _engine.Advance(run, definition, new WorkItem(timer.Id, run.Id, WorkKind.Timer, timer.Step, timer.Attempt, timer.DueAt, 1, null), timer.DueAt);

        fired.Effects.ShouldBe([new IntegrationItemCancelled("check", 1)]);
        var state = run.State.Find("check")!;
        state.Status.ShouldBe("retrying");
        state.Error!.ShouldContain("no worker completed the step within 10m");
        var retry = fired.Work.ShouldHaveSingleItem();
        retry.Kind.ShouldBe(WorkKind.Retry);

        var again = _engine.Advance(run, definition, new WorkItem(retry.Id, run.Id, WorkKind.Retry, retry.Step, retry.Attempt, retry.DueAt, 1, null), retry.DueAt);
        again.Effects.OfType<IntegrationItemCreated>().ShouldHaveSingleItem().Attempt.ShouldBe(2);
    }
}

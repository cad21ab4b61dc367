using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

public class EventStepTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private static WorkflowDefinition Sample() => DefinitionParser.Parse(Samples.Read("event-wait.yaml"), json: false);

    private static (RunRecord Run, WorkItem First) Start(WorkflowDefinition definition, string orderId = "o-1")
    {
        var run = new RunRecord
        {
            Id = "run-1",
            Namespace = "default",
            DefinitionId = "def-1",
            DefinitionName = definition.Name,
            DefinitionVersion = 1,
            Input = InputValidator.Validate(definition, new JsonObject { ["orderId"] = orderId }),
            CreatedAt = T0,
            UpdatedAt = T0,
        };
        var write = WorkflowEngine.Create(run, definition, T0, null);
        var w = write.Work.Single(x => x.Kind == WorkKind.Advance);
        return (run, new WorkItem(w.Id, run.Id, w.Kind, w.Step, w.Attempt, w.DueAt, 1, w.Payload));
    }

    private static WorkItem Signal(RunRecord run, string step, int attempt, DateTimeOffset at) =>
        new("sig-1", run.Id, WorkKind.Signal, step, attempt, at, 1, new JsonObject
        {
            ["id"] = "ev-1",
            ["name"] = "payment-received",
            ["correlation"] = "o-1",
            ["payload"] = new JsonObject { ["amount"] = 42 },
            ["receivedAt"] = at.ToString("O"),
        });

    [Fact]
    public void Execute_EventStep_SuspendsWithAWaitAndATimer()
    {
        var definition = Sample();
        var (run, first) = Start(definition);

        var write = _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Waiting);
        var wait = write.Effects.ShouldHaveSingleItem().ShouldBeOfType<EventWait>();
        (wait.Namespace, wait.Name, wait.Correlation, wait.RunId, wait.Step, wait.Attempt).ShouldBe(("default", "payment-received", "o-1", "run-1", "payment", 1));
        var timer = write.Work.ShouldHaveSingleItem();
        (timer.Kind, timer.Step, timer.Attempt, timer.DueAt).ShouldBe((WorkKind.Timer, "payment", 1, T0 + TimeSpan.FromHours(1)));
        write.Events.Select(e => e.Type).ShouldContain("EventWaiting");
    }

    [Fact]
    public void Signal_WhileWaiting_CompletesWithTheEvent()
    {
        var definition = Sample();
        var (run, first) = Start(definition);
        _engine.Advance(run, definition, first, T0);

        var write = _engine.Advance(run, definition, Signal(run, "payment", 1, T0 + TimeSpan.FromMinutes(1)), T0 + TimeSpan.FromMinutes(1));

        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!["status"]!.GetValue<string>().ShouldBe("shipped");
        run.Output!["amount"]!.GetValue<long>().ShouldBe(42);
        var output = run.State.Find("payment")!.Output!;
        output["name"]!.GetValue<string>().ShouldBe("payment-received");
        output["correlation"]!.GetValue<string>().ShouldBe("o-1");
        output["receivedAt"].ShouldNotBeNull();
        write.Events.Count(e => e.Type == "EventReceived").ShouldBe(1);
    }

    [Fact]
    public void StaleTimer_AfterTheEventCame_ChangesNothing()
    {
        var definition = DefinitionParser.Parse("""
            name: two-waits
            steps:
              - id: first
                kind: event
                event: a
                correlation: x
                timeout: 1m
                onTimeout: late
              - id: second
                kind: event
                event: b
                correlation: x
              - id: late
                kind: end
            """, json: false);
        var run = new RunRecord { Id = "run-2", Namespace = "default", DefinitionId = "d", DefinitionName = "two-waits", DefinitionVersion = 1, Input = [], CreatedAt = T0, UpdatedAt = T0 };
        var created = WorkflowEngine.Create(run, definition, T0, null);
        var adv = created.Work.Single(w => w.Kind == WorkKind.Advance);
        var firstWrite = _engine.Advance(run, definition, new WorkItem(adv.Id, run.Id, adv.Kind, null, 0, T0, 1, null), T0);
        var timer = firstWrite.Work.Single(w => w.Kind == WorkKind.Timer);
        _engine.Advance(run, definition, Signal(run, "first", 1, T0), T0);
        run.State.Current.ShouldBe("second");
        var version = run.State.NextSeq;

        var stale = _engine.Advance(run, definition, new WorkItem(timer.Id, run.Id, WorkKind.Timer, timer.Step, timer.Attempt, timer.DueAt, 1, null), T0 + TimeSpan.FromMinutes(2));

        stale.Events.ShouldBeEmpty();
        stale.Effects.ShouldBeEmpty();
        stale.Work.ShouldBeEmpty();
        stale.Finished!.Id.ShouldBe(timer.Id);
        run.State.NextSeq.ShouldBe(version);
        run.State.Current.ShouldBe("second");
        run.Status.ShouldBe(RunStatus.Waiting);
    }

    [Fact]
    public void Timer_WithOnTimeout_GoesThereAndClosesTheWait()
    {
        var definition = Sample();
        var (run, first) = Start(definition);
        var write = _engine.Advance(run, definition, first, T0);
        var timer = write.Work.Single();

        var fired = _engine.Advance(run, definition, new WorkItem(timer.Id, run.Id, WorkKind.Timer, timer.Step, timer.Attempt, timer.DueAt, 1, null), timer.DueAt);

        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!["status"]!.GetValue<string>().ShouldBe("cancelled");
        run.State.Find("payment")!.Output!["timedOut"]!.GetValue<bool>().ShouldBeTrue();
        fired.Effects.ShouldHaveSingleItem().ShouldBe(new EventWaitClosed("run-1", "payment", 1));
    }

    [Fact]
    public void Timer_WithoutOnTimeout_FailsTheStep()
    {
        var definition = DefinitionParser.Parse("name: f\nsteps:\n  - id: w\n    kind: event\n    event: paid\n    correlation: ${ 42 }\n    timeout: 5m\n", json: false);
        var run = new RunRecord { Id = "run-3", Namespace = "default", DefinitionId = "d", DefinitionName = "f", DefinitionVersion = 1, Input = [], CreatedAt = T0, UpdatedAt = T0 };
        var created = WorkflowEngine.Create(run, definition, T0, null);
        var adv = created.Work.Single(w => w.Kind == WorkKind.Advance);
        var write = _engine.Advance(run, definition, new WorkItem(adv.Id, run.Id, adv.Kind, null, 0, T0, 1, null), T0);
        write.Effects.OfType<EventWait>().Single().Correlation.ShouldBe("42");
        var timer = write.Work.Single();

        _engine.Advance(run, definition, new WorkItem(timer.Id, run.Id, WorkKind.Timer, timer.Step, timer.Attempt, timer.DueAt, 1, null), timer.DueAt);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldContain("no event 'paid' arrived within");
    }

    [Theory]
    [InlineData("    correlation: x\n", "'event' is required")]
    [InlineData("    event: paid\n", "needs 'correlation'")]
    [InlineData("    event: paid\n    correlation: x\n    onTimeout: nowhere\n    timeout: 1m\n", "goes to 'nowhere'")]
    [InlineData("    event: paid\n    correlation: x\n    onTimeout: w\n", "needs a 'timeout'")]
    [InlineData("    event: paid\n    correlation: x\n    topic: y\n", "unknown field 'topic'")]
    [InlineData("    event: [a, b]\n    correlation: x\n", "'event' must be a non-empty text")]
    public void Parse_BadEventStep_ReportsTheFieldWithItsLine(string fields, string message)
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse("name: bad\nsteps:\n  - id: w\n    kind: event\n" + fields, json: false));
        var problem = e.Problems.First(p => p.Message.Contains(message, StringComparison.Ordinal));
        problem.Line.ShouldNotBeNull();
        problem.Line!.Value.ShouldBeGreaterThanOrEqualTo(3);
        problem.Step.ShouldBe("w");
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Weft.Core.Tasks;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>The <c>human</c> step in the DSL and in the engine (no storage: effects and work rows are checked as written).</summary>
public sealed class HumanStepTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private const string Flow = """
        name: review
        input:
          amount: { type: number, required: true }
        steps:
          - id: ask
            kind: human
            title: "${ 'Review ' + input.amount }"
            assign: { initiator: true }
            form:
              - { key: amount, type: number, readonly: true, default: "${ input.amount }" }
              - { key: note, type: string, required: true }
            actions: [ok, no]
            due: 1h
            escalate: { role: "${ 'leads' }" }
        output:
          action: ${ steps.ask.output.action }
          note: ${ steps.ask.output.fields.note }
        """;

    private static (RunRecord Run, WorkflowDefinition Definition, WorkItem First) Start(string? initiator = "carl")
    {
        var definition = DefinitionParser.Parse(Flow, json: false);
        var run = new RunRecord
        {
            Id = "run-1", Namespace = "default", DefinitionId = "def-1", DefinitionName = "review", DefinitionVersion = 1,
            Input = new JsonObject { ["amount"] = 42 }, CreatedAt = T0, UpdatedAt = T0,
        };
        var created = WorkflowEngine.Create(run, definition, T0, initiator);
        var first = created.Work.Single(w => w.Kind == WorkKind.Advance);
        return (run, definition, new WorkItem(first.Id, run.Id, first.Kind, first.Step, first.Attempt, first.DueAt, 1, null));
    }

    [Fact]
    public void Parse_HumanStep_ReadsEveryPart()
    {
        var step = DefinitionParser.Parse(Flow, json: false).Steps.Single().ShouldBeOfType<HumanStep>();
        step.Assignment.Initiator.ShouldBeTrue();
        step.Form.Select(f => (f.Field.Key, f.Field.Type, f.Field.Required, f.Field.Readonly)).ShouldBe([("amount", FieldType.Number, false, true), ("note", FieldType.String, true, false)]);
        step.Actions.ShouldBe(["ok", "no"]);
        step.Due.ShouldBe(TimeSpan.FromHours(1));
        step.Escalate!.Role.ShouldNotBeNull();
        step.Assign.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_HumanStepMistakes_NameStepAndField()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse("""
            name: bad
            steps:
              - id: ask
                kind: human
                title: x
                assign: { filter: "plain text" }
                form:
                  - { key: n, type: integer, default: 1.5 }
                  - { key: c, type: string, options: [a] }
                due: soon
            """, json: false));
        var fields = e.Problems.Select(p => (p.Step, p.Field)).ToList();
        fields.ShouldContain(("ask", "assign.filter"));
        fields.ShouldContain(("ask", "form[0].default"));
        fields.ShouldContain(("ask", "form[1].options"));
        fields.ShouldContain(("ask", "due"));
    }

    [Fact]
    public void Advance_HumanStep_OpensTaskWithTimerAndWaits()
    {
        var (run, definition, first) = Start();
        var write = _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Waiting);
        var task = write.Effects.ShouldHaveSingleItem().ShouldBeOfType<TaskCreated>().Task;
        (task.RunId, task.Step, task.Attempt, task.Title, task.AssigneeUser).ShouldBe(("run-1", "ask", 1, "Review 42", "carl"));
        task.Values["amount"]!.ToJsonString().ShouldBe("42");
        task.DueAt.ShouldBe(T0.AddHours(1));
        var timer = write.Work.ShouldHaveSingleItem();
        (timer.Kind, timer.Step, timer.Attempt, timer.DueAt).ShouldBe((WorkKind.Timer, "ask", 1, T0.AddHours(1)));
        write.Events.Select(e => e.Type).ShouldContain("TaskCreated");
    }

    [Fact]
    public void Advance_InitiatorIsAService_GoesToOtherwiseOrFails()
    {
        var (run, definition, first) = Start(initiator: "client:crm");
        _engine.Advance(run, definition, first, T0);
        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldContain("assign.otherwise");

        var withOtherwise = DefinitionParser.Parse(Flow.Replace("assign: { initiator: true }", "assign: { initiator: true, otherwise: { role: clerks } }", StringComparison.Ordinal), json: false);
        var again = new RunRecord
        {
            Id = "run-2", Namespace = "default", DefinitionId = "def-1", DefinitionName = "review", DefinitionVersion = 1,
            Input = new JsonObject { ["amount"] = 42 }, CreatedAt = T0, UpdatedAt = T0,
        };
        var created = WorkflowEngine.Create(again, withOtherwise, T0, "client:crm");
        var work = created.Work.Single(w => w.Kind == WorkKind.Advance);
        var write = _engine.Advance(again, withOtherwise, new WorkItem(work.Id, again.Id, work.Kind, work.Step, work.Attempt, work.DueAt, 1, null), T0);
        var task = write.Effects.OfType<TaskCreated>().ShouldHaveSingleItem().Task;
        (task.AssigneeUser, task.AssigneeRole).ShouldBe((null, "clerks"));
    }

    [Fact]
    public void Parse_Otherwise_WithoutInitiator_IsRefused()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(
            Flow.Replace("assign: { initiator: true }", "assign: { role: x, otherwise: { role: clerks } }", StringComparison.Ordinal), json: false));
        e.Problems.ShouldContain(p => p.Field == "assign.otherwise");
    }

    [Fact]
    public void Advance_NoInitiator_FailsTheStep()
    {
        var (run, definition, first) = Start(initiator: null);
        _engine.Advance(run, definition, first, T0);
        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldContain("initiator");
    }

    [Fact]
    public void Signal_TaskCompleted_CompletesStepWithActionByAndFields()
    {
        var (run, definition, first) = Start();
        _engine.Advance(run, definition, first, T0);
        var payload = new JsonObject { ["taskId"] = "t", ["action"] = "ok", ["by"] = "ann", ["completedAt"] = T0.AddMinutes(5).ToString("O"), ["fields"] = new JsonObject { ["note"] = "fine" } };
        var write = _engine.Advance(run, definition, new WorkItem("w2", run.Id, WorkKind.Signal, "ask", 1, T0.AddMinutes(5), 0, payload), T0.AddMinutes(5));

        run.Status.ShouldBe(RunStatus.Completed);
        JsonNode.DeepEquals(run.Output, JsonNode.Parse("""{"action":"ok","note":"fine"}""")).ShouldBeTrue(run.Output?.ToJsonString());
        run.State.Find("ask")!.Output!["by"]!.GetValue<string>().ShouldBe("ann");
        write.ClearWork.ShouldBeTrue();

        // The same signal again (a repeat after a crash) finds the step done: nothing changes.
        var again = _engine.Advance(run, definition, new WorkItem("w3", run.Id, WorkKind.Signal, "ask", 1, T0.AddMinutes(6), 0, payload), T0.AddMinutes(6));
        again.Events.ShouldBeEmpty();
    }

    [Fact]
    public void TimerFired_Escalation_ReassignsAndKeepsWaiting()
    {
        var (run, definition, first) = Start();
        _engine.Advance(run, definition, first, T0);
        var write = _engine.Advance(run, definition, new WorkItem("w2", run.Id, WorkKind.Timer, "ask", 1, T0.AddHours(1), 1, null), T0.AddHours(1));

        run.Status.ShouldBe(RunStatus.Waiting);
        run.State.Find("ask")!.Status.ShouldBe("waiting");
        write.Effects.ShouldHaveSingleItem().ShouldBe(new TaskReassigned("run-1", "ask", 1, null, "leads"));
        write.Work.ShouldBeEmpty();
        write.Events.Select(e => e.Type).ShouldBe(["TimerFired", "TaskEscalated"]);
    }
}

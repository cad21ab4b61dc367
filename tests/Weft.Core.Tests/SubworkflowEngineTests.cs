using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>The engine's side of child runs: the start row, the child's end signal, cancelling and the parent link.</summary>
public class SubworkflowEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private const string ParentYaml = """
        name: parent
        input:
          who: { type: string, required: true }
        steps:
          - id: call
            kind: subworkflow
            definition: hello
            version: 2
            input: { name: "${ input.who }" }
            retry: { attempts: 2, delay: 1s }
        output:
          greeting: ${ steps.call.output.greeting }
        """;

    private static WorkflowDefinition Yaml(string text) => DefinitionParser.Parse(text, json: false);

    private static RunRecord NewRun(WorkflowDefinition definition, JsonObject input, string id = "parent-1", string? parent = null) => new()
    {
        Id = id,
        Namespace = "team",
        DefinitionId = "def-" + id,
        DefinitionName = definition.Name,
        DefinitionVersion = 1,
        Input = InputValidator.Validate(definition, input),
        CreatedAt = T0,
        UpdatedAt = T0,
        ParentRunId = parent,
        ParentStep = parent is null ? null : "call",
        ParentAttempt = parent is null ? null : 1,
    };

    private static WorkItem Item(RunRecord run, NewWork work, JsonObject? payload = null) =>
        new(work.Id, run.Id, work.Kind, work.Step, work.Attempt, work.DueAt, 1, payload ?? work.Payload);

    private static WorkItem Signal(RunRecord run, string step, int attempt, JsonObject payload) =>
        new("sig-" + attempt, run.Id, WorkKind.Signal, step, attempt, T0, 1, payload);

    [Fact]
    public void Parse_Subworkflow_ReadsDefinitionVersionAndInput()
    {
        var step = Yaml(ParentYaml).Steps[0].ShouldBeOfType<SubworkflowStep>();
        (step.Definition, step.Version).ShouldBe(("hello", (int?)2));
        step.Input.ShouldNotBeNull();
    }

    [Fact]
    public void Parse_SubworkflowWithoutDefinitionOrWithListInput_IsRefusedNamingTheFields()
    {
        var e = Should.Throw<DefinitionException>(() => Yaml("name: p\nsteps:\n  - id: call\n    kind: subworkflow\n    input: [1, 2]\n"));
        e.Problems.Select(p => p.Field).Order().ShouldBe(["definition", "input"]);
    }

    [Fact]
    public void Start_SubworkflowStep_WaitsWithAClaimedStartRowNamingTheChild()
    {
        var definition = Yaml(ParentYaml);
        var run = NewRun(definition, new JsonObject { ["who"] = "Ada" });
        var write = _engine.Start(run, definition, T0, "tester");

        run.Status.ShouldBe(RunStatus.Waiting);
        var state = run.State.Find("call")!;
        state.Status.ShouldBe("waiting");
        state.ChildRunId.ShouldBe(WorkflowEngine.ChildRunId("parent-1", "call", 1));
        var start = write.Work.Single(w => w.Kind == WorkKind.StartChild);
        start.Claimed.ShouldBeTrue();
        (start.Step, start.Attempt).ShouldBe(("call", 1));
        JsonNode.DeepEquals(start.Payload, JsonNode.Parse($$"""
            {"namespace":"team","definition":"hello","version":2,"input":{"name":"Ada"},"childId":"{{state.ChildRunId}}"}
            """)).ShouldBeTrue(start.Payload!.ToJsonString());
        write.Events.Select(e => e.Type).ShouldContain("ChildRunRequested");
    }

    [Fact]
    public void ChildRunId_IsFixedPerParentStepAndAttempt()
    {
        var id = WorkflowEngine.ChildRunId("p", "call", 1);
        WorkflowEngine.ChildRunId("p", "call", 1).ShouldBe(id);
        WorkflowEngine.ChildRunId("p", "call", 2).ShouldNotBe(id);
        WorkflowEngine.ChildRunId("q", "call", 1).ShouldNotBe(id);
        Guid.Parse(id).Version.ShouldBe(8);
    }

    [Fact]
    public void ChildCompleted_Signal_CompletesTheStepWithTheChildsOutput()
    {
        var definition = Yaml(ParentYaml);
        var run = NewRun(definition, new JsonObject { ["who"] = "Ada" });
        _engine.Start(run, definition, T0, "tester");
        var childId = run.State.Find("call")!.ChildRunId!;

        var write = _engine.Advance(run, definition, Signal(run, "call", 1, new JsonObject
        {
            ["childId"] = childId,
            ["status"] = "completed",
            ["output"] = new JsonObject { ["greeting"] = "Hello, Ada!" },
            ["error"] = null,
        }), T0.AddSeconds(1));

        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!.ToJsonString().ShouldBe("""{"greeting":"Hello, Ada!"}""");
        write.Events.Select(e => e.Type).ShouldContain("ChildRunEnded");
    }

    [Fact]
    public void ChildFailed_Signal_FailsTheStep_RetryAsksForANewChild()
    {
        var definition = Yaml(ParentYaml);
        var run = NewRun(definition, new JsonObject { ["who"] = "Ada" });
        _engine.Start(run, definition, T0, "tester");
        var firstChild = run.State.Find("call")!.ChildRunId!;

        var failed = _engine.Advance(run, definition, Signal(run, "call", 1, new JsonObject { ["childId"] = firstChild, ["status"] = "failed", ["error"] = "boom" }), T0.AddSeconds(1));
        var state = run.State.Find("call")!;
        state.Status.ShouldBe("retrying");
        state.Error.ShouldBe($"child run {firstChild} failed: boom");
        var retry = failed.Work.ShouldHaveSingleItem();

        var again = _engine.Advance(run, definition, Item(run, retry), T0.AddSeconds(3));
        state.ChildRunId.ShouldBe(WorkflowEngine.ChildRunId("parent-1", "call", 2));
        state.ChildRunId.ShouldNotBe(firstChild);
        again.Work.Single().Kind.ShouldBe(WorkKind.StartChild);

        // The first child's signal is stale now (it answers attempt 1): it is only deleted.
        var stale = _engine.Advance(run, definition, Signal(run, "call", 1, new JsonObject { ["status"] = "completed" }), T0.AddSeconds(4));
        stale.Events.ShouldBeEmpty();
        state.Status.ShouldBe("waiting");
    }

    [Fact]
    public void ChildNotStarted_FailsTheStepWithoutRetry()
    {
        var definition = Yaml(ParentYaml);
        var run = NewRun(definition, new JsonObject { ["who"] = "Ada" });
        var start = _engine.Start(run, definition, T0, "tester").Work.Single(w => w.Kind == WorkKind.StartChild);

        var write = _engine.ChildNotStarted(run, definition, Item(run, start), T0.AddSeconds(1), "no definition 'hello'");

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error.ShouldBe(new RunError("no definition 'hello'", "call"));
        write.Finished!.Id.ShouldBe(start.Id);
    }

    [Fact]
    public void ChildEnds_EveryWay_NotifiesItsParentsStepAttempt()
    {
        var hello = Yaml(Samples.Read("hello.yaml"));
        var completed = _engine.Start(NewRun(hello, new JsonObject { ["name"] = "Ada" }, "child-1", parent: "parent-1"), hello, T0, "run parent-1");
        var notify = completed.Effects.OfType<NotifyParent>().ShouldHaveSingleItem();
        (notify.ParentRunId, notify.Step, notify.Attempt, notify.DueAt).ShouldBe(("parent-1", "call", 1, T0));
        notify.Payload.ToJsonString().ShouldBe("""{"childId":"child-1","status":"completed","output":{"greeting":"Hello, Ada!"},"error":null}""");

        var sleepy = Yaml(Samples.Read("sleepy.yaml"));
        var waiting = NewRun(sleepy, new JsonObject { ["seconds"] = 60 }, "child-2", parent: "parent-1");
        _engine.Start(waiting, sleepy, T0, null).Effects.ShouldBeEmpty();
        var terminated = WorkflowEngine.Terminate(waiting, T0.AddSeconds(1), "stop", "op");
        terminated.Effects.OfType<NotifyParent>().Single().Payload["status"]!.GetValue<string>().ShouldBe("terminated");

        // A top-level run has no parent to tell.
        _engine.Start(NewRun(hello, new JsonObject { ["name"] = "Bo" }, "top"), hello, T0, null).Effects.ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_WaitingChild_EndsItTerminatedAndTellsTheParent_FinalChildOnlyDeletesTheRow()
    {
        var sleepy = Yaml(Samples.Read("sleepy.yaml"));
        var child = NewRun(sleepy, new JsonObject { ["seconds"] = 60 }, "child-3", parent: "parent-1");
        _engine.Start(child, sleepy, T0, null);
        var cancel = new WorkItem("child-3:cancel", child.Id, WorkKind.Cancel, null, 0, T0, 1, new JsonObject { ["reason"] = "parent run parent-1 ended" });

        var write = _engine.Advance(child, sleepy, cancel, T0.AddSeconds(2));

        child.Status.ShouldBe(RunStatus.Terminated);
        child.Error!.Message.ShouldBe("terminated: parent run parent-1 ended");
        child.State.Find("sleep")!.Status.ShouldBe("cancelled");
        write.ClearWork.ShouldBeTrue();
        write.Finished.ShouldBe(cancel);
        write.Effects.OfType<NotifyParent>().ShouldHaveSingleItem();

        var again = _engine.Advance(child, sleepy, cancel, T0.AddSeconds(3));
        again.Events.ShouldBeEmpty();
        again.Effects.ShouldBeEmpty();
        again.Finished.ShouldBe(cancel);
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

public class WorkflowEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Url = "https://api.example.com/orders";

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private static WorkflowDefinition Yaml(string text) => DefinitionParser.Parse(text, json: false);

    /// <summary>Creates the run as RunService does and returns it with the first (Advance) work row.</summary>
    private static (RunRecord Run, WorkItem First, RunWrite Created) Start(WorkflowDefinition definition, JsonObject? input = null)
    {
        var run = new RunRecord
        {
            Id = "run-1", Namespace = "default", DefinitionId = "def-1", DefinitionName = definition.Name, DefinitionVersion = 1,
            Input = InputValidator.Validate(definition, input), CreatedAt = T0, UpdatedAt = T0,
        };
        var write = WorkflowEngine.Create(run, definition, T0, "tester");
        return (run, Item(run, write.Work.Single(w => w.Kind == WorkKind.Advance)), write);
    }

    private static WorkItem Item(RunRecord run, NewWork work) =>
        new(work.Id, run.Id, work.Kind, work.Step, work.Attempt, work.DueAt, 1, work.Payload);

    private static WorkItem Only(RunWrite write, WorkKind kind)
    {
        var work = write.Work.ShouldHaveSingleItem();
        work.Kind.ShouldBe(kind);
        return Item(write.Run, work);
    }

    private static JsonObject Response(int status, string body = """{"ok":true}""") =>
        new() { ["status"] = status, ["headers"] = new JsonObject(), ["body"] = JsonNode.Parse(body) };

    private static void ShouldBeJson(JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"got {actual?.ToJsonString()}");

    [Fact]
    public void Advance_HelloSample_CompletesInOneAdvance()
    {
        var definition = Yaml(Samples.Read("hello.yaml"));
        var (run, first, _) = Start(definition, new JsonObject { ["name"] = "Ada" });

        var write = _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.Output, """{"greeting":"Hello, Ada!"}""");
        write.Events.Select(e => e.Type).ShouldBe(["RunStarted", "StepStarted", "StepCompleted", "RunCompleted"]);
        write.Events.Select(e => e.Seq).ShouldBe([2, 3, 4, 5]);
        write.Work.ShouldBeEmpty();
        write.Finished.ShouldBe(first);
    }

    [Fact]
    public void Advance_DelayStep_SuspendsOnATimerThatCompletesIt()
    {
        var definition = Yaml("name: wf\nsteps:\n  - id: wait\n    kind: delay\n    duration: 5m\n");
        var (run, first, _) = Start(definition);

        var waiting = _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Waiting);
        var timer = Only(waiting, WorkKind.Timer);
        timer.Step.ShouldBe("wait");
        timer.DueAt.ShouldBe(T0.AddMinutes(5));
        waiting.Events.Select(e => e.Type).ShouldBe(["RunStarted", "StepStarted", "TimerScheduled"]);

        var done = _engine.Advance(run, definition, timer, T0.AddMinutes(5));

        run.Status.ShouldBe(RunStatus.Completed);
        done.Events.Select(e => e.Type).ShouldBe(["TimerFired", "StepCompleted", "RunCompleted"]);
        done.ClearWork.ShouldBeTrue();
    }

    [Theory]
    [InlineData(2, "wait")]
    [InlineData(1, "other")]
    public void Advance_StaleTimer_ChangesNothing(int attempt, string step)
    {
        var definition = Yaml("name: wf\nsteps:\n  - id: wait\n    kind: delay\n    duration: 5m\n  - id: other\n    kind: end\n");
        var (run, first, _) = Start(definition);
        var timer = Only(_engine.Advance(run, definition, first, T0), WorkKind.Timer);
        var before = run.State.Serialize();

        var write = _engine.Advance(run, definition, timer with { Attempt = attempt, Step = step }, T0.AddMinutes(5));

        write.Events.ShouldBeEmpty();
        write.Work.ShouldBeEmpty();
        write.ClearWork.ShouldBeFalse();
        run.Status.ShouldBe(RunStatus.Waiting);
        run.State.Serialize().ShouldBe(before);
    }

    [Fact]
    public void Advance_HttpStep_SuspendsWithTheRequestAndCompletesOn200()
    {
        var definition = Yaml(Samples.Read("call.yaml"));
        var (run, first, _) = Start(definition, new JsonObject { ["url"] = Url });

        var requested = _engine.Advance(run, definition, first, T0);

        var http = Only(requested, WorkKind.Http);
        http.Step.ShouldBe("fetch");
        http.Payload!["method"]!.GetValue<string>().ShouldBe("GET");
        http.Payload["url"]!.GetValue<string>().ShouldBe(Url);
        http.Payload["idempotencyKey"]!.GetValue<string>().ShouldBe("run-1/fetch/1");
        run.Status.IsFinal().ShouldBeFalse();

        _engine.Advance(run, definition, http, T0.AddSeconds(1), Response(200, """{"id":7}"""));

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.Output, """{"status":200,"body":{"id":7}}""");
    }

    [Fact]
    public void Advance_Http500WithRetry_BacksOffThenFailsNamingTheStep()
    {
        var definition = Yaml(Samples.Read("call.yaml"));
        var (run, first, _) = Start(definition, new JsonObject { ["url"] = Url });
        var http = Only(_engine.Advance(run, definition, first, T0), WorkKind.Http);
        var now = T0;
        var retryDelays = new List<TimeSpan>();
        var keys = new List<string>();

        for (var attempt = 1; attempt < 3; attempt++)
        {
            keys.Add(http.Payload!["idempotencyKey"]!.GetValue<string>());
            var failed = _engine.Advance(run, definition, http, now, Response(500));
            run.Status.ShouldBe(RunStatus.Waiting);
            var retry = Only(failed, WorkKind.Retry);
            retry.Attempt.ShouldBe(attempt);
            retryDelays.Add(retry.DueAt - now);
            now = retry.DueAt;
            http = Only(_engine.Advance(run, definition, retry, now), WorkKind.Http);
        }
        keys.Add(http.Payload!["idempotencyKey"]!.GetValue<string>());
        var last = _engine.Advance(run, definition, http, now, Response(500));

        retryDelays.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);
        keys.ShouldBe(["run-1/fetch/1", "run-1/fetch/2", "run-1/fetch/3"]);
        run.Status.ShouldBe(RunStatus.Failed);
        run.Error.ShouldNotBeNull().Step.ShouldBe("fetch");
        run.Error.Message.ShouldContain("HTTP 500");
        last.Work.ShouldBeEmpty();
        last.ClearWork.ShouldBeTrue();
    }

    [Fact]
    public void Advance_Http404_IsNotRetried()
    {
        var definition = Yaml(Samples.Read("call.yaml"));
        var (run, first, _) = Start(definition, new JsonObject { ["url"] = Url });
        var http = Only(_engine.Advance(run, definition, first, T0), WorkKind.Http);

        var write = _engine.Advance(run, definition, http, T0, Response(404));

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldBe($"HTTP 404 from {Url}");
        write.Work.ShouldBeEmpty();
        write.Events.Select(e => e.Type).ShouldBe(["StepFailed", "RunFailed"]);
    }

    [Fact]
    public void Advance_FailStep_EndsTheRunWithItsMessage()
    {
        var definition = Yaml("name: wf\ninput: { sku: string }\nsteps:\n  - id: stop\n    kind: fail\n    error: ${ 'no stock for ' + input.sku }\n  - id: never\n    kind: end\n");
        var (run, first, _) = Start(definition, new JsonObject { ["sku"] = "A-1" });

        var write = _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error.ShouldBe(new RunError("no stock for A-1", "stop"));
        run.State.Find("never").ShouldBeNull();
        write.Events.Select(e => e.Type).ShouldBe(["RunStarted", "StepStarted", "StepFailed", "RunFailed"]);
    }

    [Theory]
    [InlineData(20, "big")]
    [InlineData(7, "medium")]
    [InlineData(1, "small")]
    public void Advance_Switch_TakesFirstTruthyCaseElseDefault(int n, string expected)
    {
        var definition = Yaml("""
            name: wf
            input: { n: integer }
            steps:
              - id: route
                kind: switch
                cases:
                  - { when: "${ input.n > 10 }", goto: big }
                  - { when: "${ input.n > 5 }", goto: medium }
                default: small
              - { id: big, kind: end, output: big }
              - { id: medium, kind: end, output: medium }
              - { id: small, kind: end, output: small }
            """);
        var (run, first, _) = Start(definition, new JsonObject { ["n"] = n });

        _engine.Advance(run, definition, first, T0);

        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void Advance_RunTimeoutWithPolicyFail_EndsTheRunAsTimedOut()
    {
        var definition = Yaml("name: wf\ntimeout: 1h\nsteps:\n  - id: wait\n    kind: delay\n    duration: 2h\n");
        var (run, first, created) = Start(definition);
        var timeout = Item(run, created.Work.Single(w => w.Kind == WorkKind.RunTimeout));
        timeout.DueAt.ShouldBe(T0.AddHours(1));
        _engine.Advance(run, definition, first, T0);

        var write = _engine.Advance(run, definition, timeout, T0.AddHours(1));

        run.Status.ShouldBe(RunStatus.TimedOut);
        run.State.Find("wait")!.Status.ShouldBe("cancelled");
        write.ClearWork.ShouldBeTrue();
        write.Events.Select(e => e.Type).ShouldBe(["StepCancelled", "RunTimedOut"]);
    }

    [Fact]
    public void Advance_RunTimeoutWithPolicyAlert_RecordsAlertAndGoesOn()
    {
        var definition = Yaml("name: wf\ntimeout: { after: 1h, policy: alert }\nsteps:\n  - id: wait\n    kind: delay\n    duration: 2h\n");
        var (run, first, _) = Start(definition);
        var timer = Only(_engine.Advance(run, definition, first, T0), WorkKind.Timer);
        var timeout = new WorkItem("timeout-1", run.Id, WorkKind.RunTimeout, null, 0, T0.AddHours(1), 1, null);

        var alert = _engine.Advance(run, definition, timeout, T0.AddHours(1));

        alert.Events.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Type.ShouldBe("RunTimeoutAlert"), e => e.Step.ShouldBe("wait"));
        alert.ClearWork.ShouldBeFalse();
        run.Status.ShouldBe(RunStatus.Waiting);

        _engine.Advance(run, definition, timer, T0.AddHours(2));

        run.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public void Terminate_WaitingRun_EndsItAndClearsItsWork()
    {
        var definition = Yaml("name: wf\nsteps:\n  - id: wait\n    kind: delay\n    duration: 1d\n");
        var (run, first, _) = Start(definition);
        _engine.Advance(run, definition, first, T0);

        var write = WorkflowEngine.Terminate(run, T0.AddMinutes(1), "not needed", "ops");

        write.ClearWork.ShouldBeTrue();
        write.Work.ShouldBeEmpty();
        run.Status.ShouldBe(RunStatus.Terminated);
        run.Error!.Message.ShouldBe("terminated: not needed");
        run.State.Find("wait")!.Status.ShouldBe("cancelled");
        write.Events.Select(e => e.Type).ShouldBe(["StepCancelled", "RunTerminated"]);
    }

    [Fact]
    public void Advance_LongChainOfInProcessSteps_YieldsWithAnAdvanceRow()
    {
        var definition = Yaml("""
            name: wf
            steps:
              - { id: init, kind: set, values: { i: 0 } }
              - { id: inc, kind: set, values: { i: "${ vars.i + 1 }" } }
              - id: check
                kind: switch
                cases:
                  - { when: "${ vars.i < 1000 }", goto: inc }
              - { id: done, kind: end, output: "${ vars.i }" }
            """);
        var (run, item, _) = Start(definition);

        var first = _engine.Advance(run, definition, item, T0);

        first.Events.Count(e => e.Type == "StepStarted").ShouldBe(WorkflowEngine.MaxStepsPerAdvance);
        run.Status.ShouldBe(RunStatus.Running);
        var next = Only(first, WorkKind.Advance);
        first.Work.Single().Claimed.ShouldBeTrue();

        var advances = 1;
        for (; !run.Status.IsFinal() && advances < 10; advances++)
        {
            var write = _engine.Advance(run, definition, next, T0);
            if (!run.Status.IsFinal()) next = Only(write, WorkKind.Advance);
        }

        run.Status.ShouldBe(RunStatus.Completed);
        run.Output!.GetValue<long>().ShouldBe(1000);
        advances.ShouldBe(3);
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

public class RunControlEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private static readonly WorkflowDefinition Definition = DefinitionParser.Parse("""
        name: control
        steps:
          - id: sleep
            kind: delay
            duration: 10
          - id: call
            kind: http
            request: { method: GET, url: "https://api.example.com/x" }
            retry: { attempts: 1 }
          - id: done
            kind: end
            output:
              status: ${ steps.call.status }
        """, json: false);

    private static WorkItem Item(RunRecord run, NewWork work) => new(work.Id, run.Id, work.Kind, work.Step, work.Attempt, work.DueAt, 1, work.Payload);

    private (RunRecord Run, RunWrite Write) Started()
    {
        var run = new RunRecord
        {
            Id = "run-1", Namespace = "default", DefinitionId = "def-1", DefinitionName = "control", DefinitionVersion = 1,
            Input = [], CreatedAt = T0, UpdatedAt = T0,
        };
        return (run, _engine.Start(run, Definition, T0, "tester"));
    }

    private static JsonObject Response(int status) => new() { ["status"] = status, ["headers"] = new JsonObject(), ["body"] = new JsonObject() };

    [Fact]
    public void TimerDueWhilePaused_IsParked_AndBecomesDueOnResume()
    {
        var (run, started) = Started();
        var timer = Item(run, started.Work.Single(w => w.Kind == WorkKind.Timer));
        WorkflowEngine.Pause(run, T0, "why", "alice").Events.Single().Type.ShouldBe("RunPaused");
        run.Status.ShouldBe(RunStatus.Paused);

        var parked = _engine.Advance(run, Definition, timer, T0.AddSeconds(10));

        parked.Finished.ShouldBe(timer);
        parked.Events.ShouldBeEmpty();
        var copy = parked.Work.ShouldHaveSingleItem();
        (copy.Kind, copy.Step, copy.Attempt, copy.DueAt, copy.Claimed).ShouldBe((WorkKind.Timer, "sleep", timer.Attempt, WorkUnparked.Parked, false));
        run.Status.ShouldBe(RunStatus.Paused);
        run.State.Find("sleep")!.Status.ShouldBe("waiting");

        var resumed = WorkflowEngine.Resume(run, T0.AddSeconds(20), null, "bob");
        run.Status.ShouldBe(RunStatus.Waiting);
        resumed.Effects.ShouldHaveSingleItem().ShouldBeOfType<WorkUnparked>();
        resumed.Events.Single().Type.ShouldBe("RunResumed");

        // The store makes the parked copy due; the worker hands it to the engine as before.
        var fired = _engine.Advance(run, Definition, Item(run, copy), T0.AddSeconds(20));
        fired.Events.Select(e => e.Type).ShouldContain("TimerFired");
        run.State.Find("call")!.Status.ShouldBe("running");
    }

    [Fact]
    public void HttpResponseWhilePaused_IsApplied_NextStepWaitsForResume()
    {
        var (run, started) = Started();
        var timer = Item(run, started.Work.Single(w => w.Kind == WorkKind.Timer));
        var call = Item(run, _engine.Advance(run, Definition, timer, T0.AddSeconds(10)).Work.Single(w => w.Kind == WorkKind.Http));
        WorkflowEngine.Pause(run, T0.AddSeconds(11), null, null);

        var applied = _engine.Advance(run, Definition, call, T0.AddSeconds(12), Response(200));

        run.Status.ShouldBe(RunStatus.Paused);
        run.State.Find("call")!.Status.ShouldBe("completed");
        run.State.Find("done").ShouldBeNull();
        run.State.Ready.ShouldHaveSingleItem().Step.ShouldBe("done");
        applied.Work.ShouldBeEmpty();

        var resumed = WorkflowEngine.Resume(run, T0.AddSeconds(13), null, null);
        var advance = resumed.Work.ShouldHaveSingleItem();
        advance.Kind.ShouldBe(WorkKind.Advance);
        _engine.Advance(run, Definition, Item(run, advance), T0.AddSeconds(13));
        run.Status.ShouldBe(RunStatus.Completed);
    }

    private RunRecord Failed()
    {
        var (run, started) = Started();
        var timer = Item(run, started.Work.Single(w => w.Kind == WorkKind.Timer));
        var call = Item(run, _engine.Advance(run, Definition, timer, T0.AddSeconds(10)).Work.Single(w => w.Kind == WorkKind.Http));
        _engine.Advance(run, Definition, call, T0.AddSeconds(11), Response(500));
        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Step.ShouldBe("call");
        return run;
    }

    [Fact]
    public void Retry_RunsTheFailedStepAgainWithAFreshAttemptCount()
    {
        var run = Failed();
        var write = _engine.Retry(run, Definition, T0.AddSeconds(20), "carol")!;

        run.Status.ShouldBe(RunStatus.Running);
        run.Error.ShouldBeNull();
        var call = run.State.Find("call")!;
        (call.Status, call.Attempts, call.TotalAttempts).ShouldBe(("running", 1, 2));
        run.State.Find("sleep")!.Status.ShouldBe("completed");
        write.Events[0].Type.ShouldBe("RunRetried");
        var http = write.Work.ShouldHaveSingleItem();
        http.Kind.ShouldBe(WorkKind.Http);

        _engine.Advance(run, Definition, Item(run, http), T0.AddSeconds(21), Response(200));
        run.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public void ResumeWithErrors_GoesOnWithTheNextStep_TheFailedStepStaysFailed()
    {
        var run = Failed();
        var write = _engine.ResumeWithErrors(run, Definition, T0.AddSeconds(20), "dave")!;

        write.Events[0].Type.ShouldBe("RunResumedWithErrors");
        run.Status.ShouldBe(RunStatus.Completed);
        run.State.Find("call")!.Status.ShouldBe("failed");
        run.State.Find("call")!.Error.ShouldNotBeNull();
        run.Output!["status"]!.GetValue<string>().ShouldBe("failed");
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>parallel, forEach and while; onError; compensation. The engine is driven row by row, as the worker does.</summary>
public class ContainerStepTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WorkflowEngine _engine = new(new ExpressionLimits());

    private static WorkflowDefinition Yaml(string text) => DefinitionParser.Parse(text, json: false);

    private static RunRecord NewRun(WorkflowDefinition definition, JsonObject? input = null) => new()
    {
        Id = "run-1", Namespace = "default", DefinitionId = "def-1", DefinitionName = definition.Name, DefinitionVersion = 1,
        Input = InputValidator.Validate(definition, input), CreatedAt = T0, UpdatedAt = T0,
    };

    /// <summary>Starts the run and then handles every due row (timers fire at their due time) until it ends or only waits remain.</summary>
    private (RunRecord Run, List<HistoryEvent> History, List<NewWork> Pending) RunToEnd(WorkflowDefinition definition, JsonObject? input = null, DateTimeOffset? until = null)
    {
        var run = NewRun(definition, input);
        var write = _engine.Start(run, definition, T0, "tester");
        var history = new List<HistoryEvent>(write.Events);
        var pending = new List<NewWork>(write.Work.Where(w => w.Kind != WorkKind.RunTimeout));
        var end = until ?? T0.AddDays(1);
        while (pending.Count > 0 && !run.Status.IsFinal())
        {
            var next = pending.OrderBy(w => w.DueAt).First();
            if (next.DueAt > end) break;
            pending.Remove(next);
            var now = next.DueAt < T0 ? T0 : next.DueAt;
            var w = _engine.Advance(run, definition, new WorkItem(next.Id, run.Id, next.Kind, next.Step, next.Attempt, next.DueAt, 1, next.Payload), now);
            history.AddRange(w.Events);
            if (w.ClearWork) pending.Clear();
            pending.AddRange(w.Work.Where(x => x.Kind != WorkKind.RunTimeout));
        }
        return (run, history, pending);
    }

    private static void ShouldBeJson(JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"got {actual?.ToJsonString()}");

    [Fact]
    public void Parallel_JoinAll_CompletesWithEveryBranchOutputByName()
    {
        var definition = Yaml("""
            name: fan
            steps:
              - id: fan
                kind: parallel
                branches:
                  a:
                    - { id: a1, kind: set, values: { a: 1 } }
                    - { id: a2, kind: delay, duration: 2s }
                  b:
                    - { id: b1, kind: delay, duration: 1s }
                    - { id: b2, kind: script, code: "return 'b done'" }
              - id: after
                kind: set
                values: { both: "${ steps.fan.output }" }
            """);

        var (run, history, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Find("fan")!.Output, """{"b":"b done","a":{"firedAt":"2026-01-01T12:00:02.0000000+00:00"}}""");
        ShouldBeJson(run.State.Vars["a"], "1");
        run.State.Find("fan[b]/b2")!.Status.ShouldBe("completed");
        run.State.Scopes.Select(s => (s.Key, s.Status)).ShouldBe([("fan[a]", "completed"), ("fan[b]", "completed")]);
        history.Count(e => e.Type == "BranchStarted").ShouldBe(2);
    }

    [Fact]
    public void Parallel_BothBranchesWaiting_RunIsWaitingWithTwoTimers()
    {
        var definition = Yaml("""
            name: fan
            steps:
              - id: fan
                kind: parallel
                branches:
                  a: [ { id: a1, kind: delay, duration: 1m } ]
                  b: [ { id: b1, kind: delay, duration: 2m } ]
            """);
        var run = NewRun(definition);

        var write = _engine.Start(run, definition, T0, null);

        run.Status.ShouldBe(RunStatus.Waiting);
        write.Work.Where(w => w.Kind == WorkKind.Timer).Select(w => w.Step).ShouldBe(["fan[a]/a1", "fan[b]/b1"]);
        run.State.Find("fan")!.Status.ShouldBe("running");
    }

    [Fact]
    public void Parallel_FailingBranch_FailsTheStepAndCancelsTheOthers()
    {
        var definition = Yaml("""
            name: fan
            steps:
              - id: fan
                kind: parallel
                branches:
                  slow: [ { id: s1, kind: delay, duration: 1h } ]
                  bad:
                    - { id: x1, kind: delay, duration: 1s }
                    - { id: x2, kind: fail, error: broken }
            """);

        var (run, history, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldBe("branch 'bad' failed: broken");
        run.State.Find("fan[slow]/s1")!.Status.ShouldBe("cancelled");
        run.State.FindScope("fan[slow]")!.Status.ShouldBe("cancelled");
        history.ShouldContain(e => e.Type == "StepCancelled" && e.Step == "fan[slow]/s1");
    }

    [Fact]
    public void Parallel_ContinueOnError_CompletesWithTheErrorInTheOutput()
    {
        var definition = Yaml("""
            name: fan
            steps:
              - id: fan
                kind: parallel
                continueOnError: true
                branches:
                  good: [ { id: g, kind: set, values: { g: 1 } } ]
                  bad: [ { id: b, kind: fail, error: nope } ]
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Find("fan")!.Output, """{"good":{"g":1},"bad":{"error":"nope"}}""");
    }

    [Fact]
    public void Parallel_JoinAny_CompletesWithTheFirstBranchAndCancelsTheRest()
    {
        var definition = Yaml("""
            name: race
            steps:
              - id: race
                kind: parallel
                join: any
                branches:
                  fast: [ { id: f, kind: delay, duration: 1s } ]
                  slow: [ { id: s, kind: delay, duration: 1h } ]
            """);

        var (run, _, pending) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        run.State.Find("race")!.Output!.AsObject().Select(p => p.Key).ShouldBe(["fast"]);
        run.State.Find("race[slow]/s")!.Status.ShouldBe("cancelled");
        pending.ShouldBeEmpty();
    }

    [Fact]
    public void ForEach_WithConcurrency_RunsEveryItemAndCollectsOutputsInOrder()
    {
        var definition = Yaml("""
            name: each
            input:
              orders: { type: array, required: true }
            steps:
              - id: each
                kind: forEach
                items: ${ input.orders }
                concurrency: 2
                steps:
                  - id: wait
                    kind: delay
                    duration: ${ item.wait }
                  - id: total
                    kind: script
                    code: "return { id: item.id, index: index, doubled: item.amount * 2 }"
            """);

        var (run, history, _) = RunToEnd(definition, new JsonObject
        {
            ["orders"] = JsonNode.Parse("""[{"id":"a","amount":1,"wait":3},{"id":"b","amount":2,"wait":1},{"id":"c","amount":3,"wait":1}]"""),
        });

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Find("each")!.Output,
            """[{"id":"a","index":0,"doubled":2},{"id":"b","index":1,"doubled":4},{"id":"c","index":2,"doubled":6}]""");
        // Two at a time: c starts when b ends (at 1s), not at once.
        var started = history.Where(e => e.Type == "IterationStarted").Select(e => e.Data!["scope"]!.GetValue<string>()).ToList();
        started.ShouldBe(["each[0]", "each[1]", "each[2]"]);
        run.State.Find("each[2]/wait")!.StartedAt.ShouldBe(T0.AddSeconds(1));
        run.State.Steps.Count(s => s.Id == "total").ShouldBe(3);
    }

    [Fact]
    public void ForEach_EmptyItems_CompletesWithAnEmptyArray()
    {
        var definition = Yaml("name: e\nsteps:\n  - id: each\n    kind: forEach\n    items: []\n    steps:\n      - { id: x, kind: set, values: { x: 1 } }\n");

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Find("each")!.Output, "[]");
    }

    [Fact]
    public void ForEach_ItemsNotAnArray_FailsTheStep()
    {
        var definition = Yaml("name: e\nsteps:\n  - id: each\n    kind: forEach\n    items: ${ 5 }\n    steps:\n      - { id: x, kind: set, values: { x: 1 } }\n");

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldBe("items is not an array");
    }

    [Fact]
    public void While_RunsUntilTheConditionFails()
    {
        var definition = Yaml("""
            name: count
            steps:
              - id: init
                kind: set
                values: { n: 0 }
              - id: loop
                kind: while
                condition: ${ vars.n < 3 }
                steps:
                  - id: inc
                    kind: set
                    values: { n: "${ vars.n + 1 }" }
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Vars["n"], "3");
        ShouldBeJson(run.State.Find("loop")!.Output, """{"iterations":3,"output":{"n":3}}""");
    }

    [Fact]
    public void While_IndexInTheCondition_IsTheNumberOfTheIterationItDecidesOn()
    {
        var definition = Yaml("""
            name: indexed
            steps:
              - id: init
                kind: set
                values: { seen: [] }
              - id: loop
                kind: while
                condition: ${ index < 3 }
                steps:
                  - id: note
                    kind: set
                    values: { seen: "${ vars.seen.concat([index]) }" }
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Vars["seen"], "[0,1,2]");
        ShouldBeJson(run.State.Find("loop")!.Output, """{"iterations":3,"output":{"seen":[0,1,2]}}""");
    }

    [Fact]
    public void While_ManyIterations_KeepsOnlyTheLastOnesDetails_AndCountsThemAll()
    {
        var definition = Yaml("""
            name: long
            steps:
              - id: init
                kind: set
                values: { n: 0 }
              - id: loop
                kind: while
                condition: ${ vars.n < 5000 }
                maxIterations: 100000
                steps:
                  - id: inc
                    kind: set
                    values: { n: "${ vars.n + 1 }" }
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        ShouldBeJson(run.State.Vars["n"], "5000");
        ShouldBeJson(run.State.Find("loop")!.Output, """{"iterations":5000,"output":{"n":5000}}""");
        // The state holds the last iterations only, so a turn costs the same at the 5,000th as at the first.
        run.State.Scopes.Count.ShouldBeLessThanOrEqualTo(WorkflowEngine.KeptWhileIterations);
        run.State.Steps.Count(s => s.Id == "inc").ShouldBeLessThanOrEqualTo(WorkflowEngine.KeptWhileIterations);
        run.State.Scopes.Max(s => s.Index).ShouldBe(4999);
    }

    [Fact]
    public void While_ConditionStillTrueAtMaxIterations_FailsTheStep()
    {
        var definition = Yaml("""
            name: forever
            steps:
              - id: loop
                kind: while
                condition: ${ true }
                maxIterations: 5
                steps:
                  - { id: tick, kind: set, values: { t: 1 } }
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldContain("after 5 iterations");
    }

    [Fact]
    public void OnErrorContinue_KeepsTheStepFailedAndGoesOn()
    {
        var definition = Yaml("""
            name: tolerant
            steps:
              - id: risky
                kind: script
                code: "throw new Error('bad')"
                onError: continue
              - id: after
                kind: set
                values: { went: on }
            """);

        var (run, history, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        run.State.Find("risky")!.Status.ShouldBe("failed");
        run.State.Find("risky")!.Error.ShouldNotBeNull();
        run.State.Vars["went"]!.GetValue<string>().ShouldBe("on");
        history.ShouldContain(e => e.Type == "StepErrorIgnored");
    }

    [Fact]
    public void OnErrorGoto_GoesToTheNamedStepWithTheErrorReadable()
    {
        var definition = Yaml("""
            name: handled
            steps:
              - id: risky
                kind: script
                code: "throw new Error('bad')"
                onError: { goto: handle }
              - id: skipped
                kind: set
                values: { skipped: true }
              - id: handle
                kind: set
                values: { handled: "${ steps.risky.error }" }
            """);

        var (run, _, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Completed);
        run.State.Vars["handled"]!.GetValue<string>().ShouldContain("bad");
        run.State.Vars.ContainsKey("skipped").ShouldBeFalse();
    }

    [Fact]
    public void Compensation_RunFailsAfterEffects_UndoesCompletedStepsInReverseOrder()
    {
        var definition = Yaml("""
            name: saga
            steps:
              - id: reserve
                kind: set
                values: { log: "${ ['reserved'] }" }
                compensate:
                  - { id: unreserve, kind: set, values: { log: "${ vars.log.concat(['unreserved']) }" } }
              - id: charge
                kind: set
                values: { log: "${ vars.log.concat(['charged']) }" }
                compensate:
                  - { id: refund, kind: set, values: { log: "${ vars.log.concat(['refunded']) }" } }
              - id: ship
                kind: fail
                error: out of stock
            """);

        var (run, history, _) = RunToEnd(definition);

        run.Status.ShouldBe(RunStatus.Failed);
        run.Error!.Message.ShouldBe("out of stock");
        ShouldBeJson(run.State.Vars["log"], """["reserved","charged","refunded","unreserved"]""");
        history.Count(e => e.Type == "CompensationStarted").ShouldBe(2);
    }

    [Fact]
    public void Definition_JumpIntoAnotherBlock_IsRefused()
    {
        var e = Should.Throw<DefinitionException>(() => Yaml("""
            name: bad
            steps:
              - id: fan
                kind: parallel
                branches:
                  a: [ { id: a1, kind: set, values: { x: 1 }, next: outside } ]
              - id: outside
                kind: set
                values: { y: 1 }
            """));

        e.Problems.ShouldContain(p => p.Step == "a1" && p.Field == "next" && p.Message.Contains("another block"));
    }

    [Fact]
    public void Definition_NestedDuplicateIdAndBadJoin_AreEachListed()
    {
        var e = Should.Throw<DefinitionException>(() => Yaml("""
            name: bad
            steps:
              - id: x
                kind: set
                values: { a: 1 }
              - id: fan
                kind: parallel
                join: 3
                branches:
                  a: [ { id: x, kind: set, values: { b: 1 } } ]
                  b: [ { id: y, kind: set, values: { c: 1 } } ]
            """));

        e.Problems.ShouldContain(p => p.Step == "x" && p.Message.Contains("more than once"));
        e.Problems.ShouldContain(p => p.Step == "fan" && p.Field == "join");
    }

    [Fact]
    public void HoldsOutside_SetOnlyOnceARunOpensSomethingOutsideItsRows()
    {
        var plain = Yaml("name: p\nsteps:\n  - { id: a, kind: set, values: { x: 1 } }\n  - { id: b, kind: delay, duration: 1s }\n");
        var waits = Yaml("name: w\nsteps:\n  - id: e\n    kind: event\n    event: go\n    correlation: k\n");

        var (run, _, _) = RunToEnd(plain);
        run.State.HoldsOutside.ShouldBeFalse();

        var waiting = NewRun(waits);
        _engine.Start(waiting, waits, T0, null);
        waiting.Status.ShouldBe(RunStatus.Waiting);
        waiting.State.HoldsOutside.ShouldBeTrue();
    }
}

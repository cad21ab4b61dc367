using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The <c>subworkflow</c> step over HTTP: child runs, their parent link, failures and cascading ends.</summary>
public sealed class SubworkflowTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Sample_ParentTakesChildGreeting_ChildLinksToParent()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        await Client.DeployAsync(ServerProcess.Sample("subworkflow.yaml"));
        var id = await Client.StartAsync("subworkflow", new() { ["name"] = "Ada" });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!.ToJsonString().ShouldBe("""{"greeting":"Hello, Ada!","loud":"HELLO, ADA!"}""");
        var step = run["steps"]!.AsArray().First(s => s!["id"]!.GetValue<string>() == "child")!;
        step["status"]!.GetValue<string>().ShouldBe("completed");
        var childId = step["childRunId"]!.GetValue<string>();

        var child = await Client.GetRunAsync(childId);
        child["definition"]!.GetValue<string>().ShouldBe("hello");
        child["status"]!.GetValue<string>().ShouldBe("completed");
        child["input"]!.ToJsonString().ShouldBe("""{"name":"Ada"}""");
        child["parent"]!["runId"]!.GetValue<string>().ShouldBe(id);
        child["parent"]!["step"]!.GetValue<string>().ShouldBe("child");
        run["parent"].ShouldBeNull();

        var children = await ChildrenAsync(id);
        children.Select(c => c!["id"]!.GetValue<string>()).ShouldBe([childId]);
        children[0]!["parent"]!["runId"]!.GetValue<string>().ShouldBe(id);

        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        var types = history!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.ShouldContain("ChildRunRequested");
        types.ShouldContain("ChildRunEnded");
    }

    [Fact]
    public async Task PinnedVersion_StartsThatVersion_OtherwiseLatest()
    {
        await Client.DeployAsync(ChildReturning("sw-versioned", 1));
        await Client.DeployAsync(ChildReturning("sw-versioned", 2));
        await Client.DeployAsync("""
            name: sw-versioned-parent
            steps:
              - id: pinned
                kind: subworkflow
                definition: sw-versioned
                version: 1
              - id: latest
                kind: subworkflow
                definition: sw-versioned
            output:
              pinned: ${ steps.pinned.output.v }
              latest: ${ steps.latest.output.v }
            """);
        var id = await Client.StartAsync("sw-versioned-parent", []);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!.ToJsonString().ShouldBe("""{"pinned":1,"latest":2}""");
        var children = await ChildrenAsync(id);
        children.Select(c => c!["definitionVersion"]!.GetValue<int>()).Order().ShouldBe([1, 2]);
    }

    [Fact]
    public async Task ChildFails_ParentStepFails_AndEachRetryStartsANewChild()
    {
        await Client.DeployAsync("""
            name: sw-failing-child
            steps:
              - id: boom
                kind: fail
                error: the child gave up
            """);
        await Client.DeployAsync("""
            name: sw-failing-parent
            steps:
              - id: call
                kind: subworkflow
                definition: sw-failing-child
                retry: { attempts: 2, delay: 100ms }
            """);
        var id = await Client.StartAsync("sw-failing-parent", []);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed", run.ToJsonString());
        var error = run["error"]!["message"]!.GetValue<string>();
        error.ShouldStartWith("child run ");
        error.ShouldContain("failed: the child gave up");
        run["error"]!["step"]!.GetValue<string>().ShouldBe("call");
        run["steps"]![0]!["attempts"]!.GetValue<int>().ShouldBe(2);

        var children = await ChildrenAsync(id);
        children.Count.ShouldBe(2);
        children.Select(c => c!["id"]!.GetValue<string>()).Distinct().Count().ShouldBe(2);
        children.ShouldAllBe(c => c!["status"]!.GetValue<string>() == "failed");
        error.ShouldContain(run["steps"]![0]!["childRunId"]!.GetValue<string>());
    }

    [Fact]
    public async Task TerminateParent_WhileChildWaitsOnDelay_ChildEndsTerminated()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: sw-sleepy-parent
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
            """);
        var id = await Client.StartAsync("sw-sleepy-parent", []);
        var childId = await WaitChildWaitingAsync(id);

        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate", """{"reason":"no longer needed"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());

        var child = await Client.WaitEndedAsync(childId);
        child["status"]!.GetValue<string>().ShouldBe("terminated");
        child["error"]!["message"]!.GetValue<string>().ShouldContain($"parent run {id} ended");
        var parent = await Client.GetRunAsync(id);
        parent["status"]!.GetValue<string>().ShouldBe("terminated");
        parent["steps"]![0]!["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    [Fact]
    public async Task StepTimeout_ChildTooSlow_ChildCancelledAndStepFails()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: sw-timeout-parent
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
                timeout: 2s
            """);
        var id = await Client.StartAsync("sw-timeout-parent", []);
        var childId = await WaitChildWaitingAsync(id);

        var parent = await Client.WaitEndedAsync(id);

        parent["status"]!.GetValue<string>().ShouldBe("failed", parent.ToJsonString());
        parent["error"]!["message"]!.GetValue<string>().ShouldContain($"child run {childId} did not end within");
        var child = await Client.WaitEndedAsync(childId);
        child["status"]!.GetValue<string>().ShouldBe("terminated");
        child["error"]!["message"]!.GetValue<string>().ShouldContain("was cancelled");
    }

    [Fact]
    public async Task TerminateGrandparent_EndsChildAndGrandchild()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: sw-middle
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
            """);
        await Client.DeployAsync("""
            name: sw-top
            steps:
              - id: nap
                kind: subworkflow
                definition: sw-middle
            """);
        var id = await Client.StartAsync("sw-top", []);
        var middle = await WaitChildAsync(id, "waiting");
        var bottom = await WaitChildAsync(middle, "waiting");
        (await Client.GetRunAsync(bottom))["parent"]!["runId"]!.GetValue<string>().ShouldBe(middle);

        var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate");
        status.ShouldBe(HttpStatusCode.OK);

        var m = await Client.WaitEndedAsync(middle);
        m["status"]!.GetValue<string>().ShouldBe("terminated");
        m["error"]!["message"]!.GetValue<string>().ShouldBe($"terminated: parent run {id} ended");
        var b = await Client.WaitEndedAsync(bottom);
        b["status"]!.GetValue<string>().ShouldBe("terminated");
        b["error"]!["message"]!.GetValue<string>().ShouldBe($"terminated: parent run {middle} ended");
        // The middle run's end is a stale signal for its ended parent: the parent stays as the operator left it.
        (await Client.GetRunAsync(id))["error"]!["message"]!.GetValue<string>().ShouldBe("terminated");
    }

    [Fact]
    public async Task ParentTimesOut_ChildIsTerminated()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: sw-impatient-parent
            timeout: { after: 4s }
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
            """);
        var id = await Client.StartAsync("sw-impatient-parent", []);
        // The child must exist before the parent times out (a parent that ends first never starts it).
        var childId = await WaitChildWaitingAsync(id);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("timedOut");
        var child = await Client.WaitEndedAsync(childId);
        child["status"]!.GetValue<string>().ShouldBe("terminated");
        child["error"]!["message"]!.GetValue<string>().ShouldBe($"terminated: parent run {id} ended");
    }

    [Fact]
    public async Task TerminateChild_ParentStepFailsWithTheChildsEnd()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: sw-abandoned-parent
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
            """);
        var id = await Client.StartAsync("sw-abandoned-parent", []);
        var childId = await WaitChildWaitingAsync(id);
        var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{childId}/terminate", """{"reason":"stop"}""");
        status.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldBe($"child run {childId} terminated: terminated: stop");
    }

    [Fact]
    public async Task UnknownChildDefinition_StepFailsWithClearError_AndNoChild()
    {
        await Client.DeployAsync("""
            name: sw-orphan-parent
            steps:
              - id: call
                kind: subworkflow
                definition: sw-no-such-definition
                retry: { attempts: 3, delay: 100ms }
            """);
        var id = await Client.StartAsync("sw-orphan-parent", []);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldBe("no definition 'sw-no-such-definition' in namespace 'default' to start as a child run");
        // Not retried: a missing definition does not appear by trying again.
        run["steps"]![0]!["attempts"]!.GetValue<int>().ShouldBe(1);
        (await ChildrenAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ChildInputThatDoesNotFit_StepFailsNamingTheField()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        await Client.DeployAsync("""
            name: sw-bad-input-parent
            steps:
              - id: call
                kind: subworkflow
                definition: hello
                input: { nom: Ada }
            """);
        var id = await Client.StartAsync("sw-bad-input-parent", []);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        var error = run["error"]!["message"]!.GetValue<string>();
        error.ShouldStartWith("the input does not fit definition 'hello'");
        error.ShouldContain("'name' is required");
        (await ChildrenAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_SubworkflowWithoutDefinition_Is422NamingTheFields()
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", """
            name: sw-invalid
            steps:
              - id: call
                kind: subworkflow
                version: 0
            """, "application/yaml");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, body?.ToJsonString());
        var errors = body!["errors"]!.AsArray();
        errors.Select(e => e!["field"]!.GetValue<string>()).Order().ShouldBe(["definition", "version"]);
        errors.ShouldAllBe(e => e!["step"]!.GetValue<string>() == "call");
    }

    private static string ChildReturning(string name, int v) => $"""
        name: {name}
        steps:
          - id: done
            kind: end
            output: {"{"} v: {v} {"}"}
        """;

    private async Task<JsonArray> ChildrenAsync(string parentId)
    {
        var (status, page) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?parentRunId={parentId}&limit=500");
        status.ShouldBe(HttpStatusCode.OK);
        return page!["items"]!.AsArray();
    }

    private Task<string> WaitChildWaitingAsync(string parentId) => WaitChildAsync(parentId, "waiting");

    /// <summary>Waits (bounded) until the parent's first step names its child and that child has the given status.</summary>
    private async Task<string> WaitChildAsync(string parentId, string childStatus)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await Client.GetRunAsync(parentId);
            if (run["steps"]!.AsArray().FirstOrDefault()?["childRunId"]?.GetValue<string>() is { } childId)
            {
                var (status, child) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{childId}");
                if (status == HttpStatusCode.OK && child!["status"]!.GetValue<string>() == childStatus) return childId;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the child is not {childStatus}: " + run.ToJsonString());
            await Task.Delay(50);
        }
    }
}

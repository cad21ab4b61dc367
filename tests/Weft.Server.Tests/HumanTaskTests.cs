using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The <c>human</c> step and the tasks API over HTTP, against a real server process.</summary>
public sealed class HumanTaskTests(HumanServerFixture fixture) : IClassFixture<HumanServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<string> StartApprovalAsync(decimal amount, string employee = "erin")
    {
        await Client.DeployAsync(ServerProcess.Sample("approval.yaml"));
        return await Client.StartAsAsync("carl", "approval", new JsonObject
        {
            ["employee"] = employee,
            ["amount"] = amount,
            ["payUrl"] = new Uri(fixture.Endpoint.Address, "payouts").ToString(),
        });
    }

    [Fact]
    public async Task Approval_ManagerApproves_RunCompletesWithActionInOutput()
    {
        var runId = await StartApprovalAsync(2500, "erin-approve");
        var task = await Client.WaitTaskAsync(runId);
        var id = task["id"]!.GetValue<string>();
        task["title"]!.GetValue<string>().ShouldBe("Approve 2500 EUR for erin-approve");
        task["assignee"]!["role"]!.GetValue<string>().ShouldBe("managers");
        (await Client.GetRunAsync(runId))["status"]!.GetValue<string>().ShouldBe("waiting");

        (await Client.InboxAsync("ann")).ShouldContain(t => t!["id"]!.GetValue<string>() == id);
        (await Client.InboxAsync("bob")).ShouldNotContain(t => t!["id"]!.GetValue<string>() == id);

        var fetched = await Client.GetTaskAsync(id);
        fetched.Field("amount")!.GetValue<decimal>().ShouldBe(2500m);
        fetched.Field("category")!.GetValue<string>().ShouldBe("other");
        fetched["actions"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["approve", "reject"]);

        var (status, written) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/fields", """{ "comment": "within budget", "category": "travel" }""");
        status.ShouldBe(HttpStatusCode.OK, written?.ToJsonString());
        written!.Field("comment")!.GetValue<string>().ShouldBe("within budget");

        var (done, completed) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve" }""");
        done.ShouldBe(HttpStatusCode.OK, completed?.ToJsonString());
        completed!["status"]!.GetValue<string>().ShouldBe("completed");
        completed["completedBy"]!.GetValue<string>().ShouldBe("ann");

        var run = await Client.WaitEndedAsync(runId);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        var decision = run["output"]!["decision"]!;
        decision["action"]!.GetValue<string>().ShouldBe("approve");
        decision["by"]!.GetValue<string>().ShouldBe("ann");
        decision["fields"]!["comment"]!.GetValue<string>().ShouldBe("within budget");
        decision["fields"]!["category"]!.GetValue<string>().ShouldBe("travel");
        fixture.Endpoint.Bodies.ShouldContain(b => b.Contains("erin-approve", StringComparison.Ordinal));
        (await Client.InboxAsync("ann", "&status=open")).ShouldNotContain(t => t!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Approval_BadRequests_AreRefusedNamingTheFieldAndChangeNothing()
    {
        var runId = await StartApprovalAsync(1800, "erin-bad");
        var id = (await Client.WaitTaskAsync(runId))["id"]!.GetValue<string>();
        var before = (await Client.GetTaskAsync(id)).ToJsonString();

        async Task RefusedAsync(string? user, string path, string body, HttpStatusCode expected, string? field)
        {
            var (status, problem) = await Client.SendAsAsync(user, HttpMethod.Post, path, body);
            status.ShouldBe(expected, problem?.ToJsonString());
            problem!["type"]!.GetValue<string>().ShouldStartWith("https://weft.dev/problems/");
            if (field is not null) problem["field"]!.GetValue<string>().ShouldBe(field);
            (await Client.GetTaskAsync(id)).ToJsonString().ShouldBe(before);
            (await Client.GetRunAsync(runId))["status"]!.GetValue<string>().ShouldBe("waiting");
        }

        await RefusedAsync("ann", $"/api/v1/tasks/{id}/fields", """{ "amount": 1 }""", HttpStatusCode.UnprocessableEntity, "fields.amount");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/fields", """{ "category": 5 }""", HttpStatusCode.UnprocessableEntity, "fields.category");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/fields", """{ "category": "boats" }""", HttpStatusCode.UnprocessableEntity, "fields.category");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/fields", """{ "nope": 1 }""", HttpStatusCode.UnprocessableEntity, "fields.nope");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/fields", "[1]", HttpStatusCode.BadRequest, null);
        await RefusedAsync("bob", $"/api/v1/tasks/{id}/complete", """{ "action": "approve", "fields": { "comment": "x" } }""", HttpStatusCode.Forbidden, null);
        // The test client without ActAs is the bootstrap administrator's service token: a service is not the task's assignee.
        await RefusedAsync(null, $"/api/v1/tasks/{id}/complete", """{ "action": "approve", "fields": { "comment": "x" } }""", HttpStatusCode.Forbidden, null);
        using (var anonymous = await fixture.Server.AnonymousClient.PostAsync($"/api/v1/tasks/{id}/complete", new StringContent("""{ "action": "approve", "fields": { "comment": "x" } }""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/complete", """{ "action": "maybe", "fields": { "comment": "x" } }""", HttpStatusCode.UnprocessableEntity, "action");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/complete", """{ "action": "approve" }""", HttpStatusCode.UnprocessableEntity, "fields.comment");
        await RefusedAsync("ann", $"/api/v1/tasks/{id}/complete", """{ "action": "approve", "fields": { "comment": 7 } }""", HttpStatusCode.UnprocessableEntity, "fields.comment");
        (await Client.SendAsAsync("ann", HttpMethod.Post, "/api/v1/tasks/no-such-task/complete", """{ "action": "approve" }""")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/tasks/no-such-task")).Status.ShouldBe(HttpStatusCode.NotFound);

        var (ok, _) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "reject", "fields": { "comment": "no receipt" } }""");
        ok.ShouldBe(HttpStatusCode.OK);
        var completed = (await Client.GetTaskAsync(id)).ToJsonString();
        var (twice, problem) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve", "fields": { "comment": "changed my mind" } }""");
        twice.ShouldBe(HttpStatusCode.Conflict, problem?.ToJsonString());
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/fields", """{ "comment": "late" }""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await Client.GetTaskAsync(id)).ToJsonString().ShouldBe(completed);

        var run = await Client.WaitEndedAsync(runId);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldBe("Rejected: no receipt");
        fixture.Endpoint.Bodies.ShouldNotContain(b => b.Contains("erin-bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Human_DueTime_ReassignsToEscalationUser()
    {
        await Client.DeployAsync("""
            name: escalate-reassign
            steps:
              - id: ask
                kind: human
                title: Check the stock
                assign: { user: ann }
                due: 1s
                escalate: { user: dora }
            output:
              by: ${ steps.ask.output.by }
            """);
        var runId = await Client.StartAsAsync("carl", "escalate-reassign", []);
        var id = (await Client.WaitTaskAsync(runId))["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Client.GetTaskAsync(id))["assignee"]!["user"]!.GetValue<string>() != "dora")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the task was not reassigned");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve" }""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.SendAsAsync("dora", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve" }""")).Status.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(runId);
        run["output"]!["by"]!.GetValue<string>().ShouldBe("dora");
    }

    [Fact]
    public async Task Human_DueTime_GotoCancelsTaskAndMovesOn()
    {
        await Client.DeployAsync("""
            name: escalate-goto
            steps:
              - id: ask
                kind: human
                title: Answer quickly
                assign: { initiator: true }
                due: 1s
                escalate: { goto: late }
              - id: answered
                kind: end
                output: { late: false }
              - id: late
                kind: end
                output: { late: true, escalated: "${ steps.ask.output.escalated }" }
            """);
        var runId = await Client.StartAsAsync("carl", "escalate-goto", []);
        var task = await Client.WaitTaskAsync(runId);
        task["assignee"]!["user"]!.GetValue<string>().ShouldBe("carl");
        var run = await Client.WaitEndedAsync(runId);
        run["output"]!["late"]!.GetValue<bool>().ShouldBeTrue();
        run["output"]!["escalated"]!.GetValue<bool>().ShouldBeTrue();
        (await Client.GetTaskAsync(task["id"]!.GetValue<string>()))["status"]!.GetValue<string>().ShouldBe("cancelled");
    }

    [Fact]
    public async Task Human_FilterAssignment_OnlyMatchingUsersSeeAndComplete()
    {
        await Client.DeployAsync("""
            name: sales-review
            steps:
              - id: review
                kind: human
                title: Review the lead
                assign: { filter: "${ user.attributes.dept == 'sales' }" }
                actions: [accept, discard]
            """);
        var runId = await Client.StartAsAsync("carl", "sales-review", []);
        var id = (await Client.WaitTaskAsync(runId))["id"]!.GetValue<string>();
        (await Client.InboxAsync("sam")).ShouldContain(t => t!["id"]!.GetValue<string>() == id);
        (await Client.InboxAsync("ann")).ShouldNotContain(t => t!["id"]!.GetValue<string>() == id);
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "accept" }""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.SendAsAsync("sam", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "accept" }""")).Status.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(runId);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["steps"]!.AsArray().Single()!["output"]!["action"]!.GetValue<string>().ShouldBe("accept");
    }

    [Fact]
    public async Task Human_RunTerminated_CancelsItsOpenTask()
    {
        var runId = await StartApprovalAsync(5000, "erin-terminate");
        var id = (await Client.WaitTaskAsync(runId))["id"]!.GetValue<string>();
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{runId}/terminate", "{}")).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.GetTaskAsync(id))["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve", "fields": { "comment": "x" } }""")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deploy_HumanStepMistakes_AreNamedWithStepAndField()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", """
            name: bad-human
            steps:
              - id: ask
                kind: human
                assign: { role: a, user: b }
                form:
                  - { key: pick, type: choice }
                  - { key: n, type: colour }
                actions: []
                escalate: { goto: nowhere }
            """, "application/yaml");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        var errors = problem!["errors"]!.AsArray().Select(e => (e!["step"]?.GetValue<string>(), e["field"]?.GetValue<string>())).ToList();
        errors.ShouldContain(("ask", "title"));
        errors.ShouldContain(("ask", "assign"));
        errors.ShouldContain(("ask", "form[0].options"));
        errors.ShouldContain(("ask", "form[1].type"));
        errors.ShouldContain(("ask", "actions"));
        errors.ShouldContain(("ask", "escalate"));
    }

    [Fact]
    public async Task FreeStandingTask_WithFile_IsCompletedByItsAssignee()
    {
        var (created, task) = await Client.SendAsAsync("carl", HttpMethod.Post, "/api/v1/namespaces/default/tasks", """
            { "title": "Sign the contract", "description": "Both copies", "assignee": { "user": "ann" },
              "form": [ { "key": "signedOn", "type": "datetime", "required": true } ], "actions": ["signed", "declined"] }
            """);
        created.ShouldBe(HttpStatusCode.Created, task?.ToJsonString());
        var id = task!["id"]!.GetValue<string>();
        task["runId"].ShouldBeNull();

        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{id}/files?name=contract.txt") { Content = new ByteArrayContent("the contract"u8.ToArray()) };
        upload.Content.Headers.ContentType = new("text/plain");
        upload.Options.Set(TokenHandler.ActAs, "ann");
        using var uploaded = await Client.SendAsync(upload, TestContext.Current.CancellationToken);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var fileId = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["id"]!.GetValue<string>();

        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{id}/files?name=big.bin") { Content = new ByteArrayContent(new byte[1024 * 1024 + 1]) };
        tooLarge.Options.Set(TokenHandler.ActAs, "ann");
        using var refused = await Client.SendAsync(tooLarge, TestContext.Current.CancellationToken);
        refused.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var fetched = await Client.GetTaskAsync(id);
        fetched["files"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("contract.txt");
        (await Client.GetStringAsync($"/api/v1/tasks/{id}/files/{fileId}", TestContext.Current.CancellationToken)).ShouldBe("the contract");
        (await Client.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{id}/files/nope")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.InboxAsync("ann")).ShouldContain(t => t!["id"]!.GetValue<string>() == id);

        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "signed" }""")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var (done, body) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "signed", "fields": { "signedOn": "2026-11-23T10:00:00Z" } }""");
        done.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["action"]!.GetValue<string>().ShouldBe("signed");
    }

    [Fact]
    public async Task FreeStandingTask_WithoutAssigneeAndWithInlineFiles_GoesToTheCaller()
    {
        var before = (await Client.InboxAsync("zoe")).Count;
        var (bad, problem) = await Client.SendAsAsync("zoe", HttpMethod.Post, "/api/v1/namespaces/default/tasks", """{ "title": "x", "files": [ { "name": "a.txt", "content": "not base64!" } ] }""");
        bad.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("files[0].content");
        (await Client.InboxAsync("zoe")).Count.ShouldBe(before);

        var (created, task) = await Client.SendAsAsync("zoe", HttpMethod.Post, "/api/v1/namespaces/default/tasks",
            """{ "title": "Read this", "files": [ { "name": "note.txt", "contentType": "text/plain", "content": "aGVsbG8=" } ] }""");
        created.ShouldBe(HttpStatusCode.Created, task?.ToJsonString());
        task!["assignee"]!["user"]!.GetValue<string>().ShouldBe("zoe");
        var file = task["files"]!.AsArray().Single()!;
        var id = task["id"]!.GetValue<string>();
        (await Client.GetStringAsync($"/api/v1/tasks/{id}/files/{file["id"]!.GetValue<string>()}", TestContext.Current.CancellationToken)).ShouldBe("hello");
        (await Client.InboxAsync("zoe")).Count.ShouldBe(before + 1);
    }

    [Fact]
    public async Task FreeStandingTask_BadBody_NamesTheField()
    {
        var (status, problem) = await Client.SendAsAsync("carl", HttpMethod.Post, "/api/v1/namespaces/default/tasks", """{ "title": "x", "assignee": { "user": "ann" }, "form": [ { "key": "k", "type": "colour" } ] }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("form[0].type");
        (await Client.SendAsAsync(null, HttpMethod.Post, "/api/v1/namespaces/nope/tasks", """{ "title": "x", "assignee": { "user": "ann" } }""")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheTaskRoutes()
    {
        var (status, doc) = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/tasks");
        paths.ShouldContain("/api/v1/tasks/{id}/complete");
        paths.ShouldContain("/api/v1/namespaces/{ns}/tasks");
    }
}

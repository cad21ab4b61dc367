using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Cases, parameter sets, runs for a case, erasure and run results, over HTTP against the real server.</summary>
public sealed class CasesApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string Cases = "/api/v1/namespaces/default/cases";
    private const string Sets = "/api/v1/namespaces/default/parameter-sets";
    private const string Runs = "/api/v1/namespaces/default/runs";

    private HttpClient Client => fixture.Client;

    private async Task<string> CreateCaseAsync(string first = "Ada", string email = "ada@example.com")
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, Cases, new JsonObject
        {
            ["firstName"] = first,
            ["lastName"] = "Lovelace",
            ["personalNumber"] = "18151210-1234",
            ["email"] = email,
            ["companyName"] = "Analytical Engines",
            ["companyNumber"] = "556677-8899",
            ["companyAddress"] = "12 St James's Square, London",
            ["attributes"] = new JsonObject { ["tier"] = "gold" },
        }.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    private async Task<string> StartForCaseAsync(JsonObject request)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, Runs, request.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    private async Task<List<string>> RunIdsAsync(string path)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Get, path);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task CaseGreeting_StartedForCaseWithParameterSetAndOverride_OutputUsesAll()
    {
        await Client.DeployAsync(ServerProcess.Sample("case-greeting.yaml"));
        var caseId = await CreateCaseAsync();
        var (ss, set) = await Client.SendAsync(HttpMethod.Post, Sets,
            """{ "name": "welcome", "definition": "case-greeting", "input": { "greeting": "Welcome", "punctuation": "." } }""");
        ss.ShouldBe(HttpStatusCode.Created, set?.ToJsonString());

        var runId = await StartForCaseAsync(new JsonObject
        {
            ["definition"] = "case-greeting",
            ["case"] = caseId,
            ["parameterSet"] = "welcome",
            ["input"] = new JsonObject { ["punctuation"] = "!" },
        });
        var (rs, result) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{runId}/result?wait=10s");
        rs.ShouldBe(HttpStatusCode.OK, result?.ToJsonString());
        result!["status"]!.GetValue<string>().ShouldBe("completed");
        result["output"]!["message"]!.GetValue<string>().ShouldBe("Welcome, Ada of Analytical Engines!");
        result["output"]!["tier"]!.GetValue<string>().ShouldBe("gold");
        result["caseId"]!.GetValue<string>().ShouldBe(caseId);

        var run = await Client.GetRunAsync(runId);
        run["caseId"]!.GetValue<string>().ShouldBe(caseId);
        run["input"]!.ToJsonString().ShouldBe("""{"greeting":"Welcome","punctuation":"!","times":1}""");
        run["subject"]!["email"]!.GetValue<string>().ShouldBe("ada@example.com");

        // Started by parameter set id, without naming the definition; a run without a case sees subject = null.
        var byId = await StartForCaseAsync(new JsonObject { ["parameterSet"] = set!["id"]!.GetValue<string>() });
        var guest = await Client.WaitEndedAsync(byId);
        guest["output"]!["message"]!.GetValue<string>().ShouldBe("Welcome, guest.");
        guest["caseId"].ShouldBeNull();

        (await RunIdsAsync($"{Cases}/{caseId}/runs")).ShouldBe([runId]);
        (await RunIdsAsync($"{Runs}?case={caseId}")).ShouldBe([runId]);
    }

    [Fact]
    public async Task ChildRun_OfARunForACase_IsAboutTheSameCase()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        await Client.DeployAsync(ServerProcess.Sample("subworkflow.yaml"));
        var caseId = await CreateCaseAsync("Chloe", "chloe@example.com");
        var parentId = await StartForCaseAsync(new JsonObject { ["definition"] = "subworkflow", ["case"] = caseId, ["input"] = new JsonObject { ["name"] = "Ada" } });
        var parent = await Client.WaitEndedAsync(parentId);
        parent["status"]!.GetValue<string>().ShouldBe("completed");
        var childId = parent["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "child")!["childRunId"]!.GetValue<string>();
        var child = await Client.GetRunAsync(childId);
        (child["caseId"]!.GetValue<string>(), child["subject"]!["firstName"]!.GetValue<string>()).ShouldBe((caseId, "Chloe"));
        (await RunIdsAsync($"{Cases}/{caseId}/runs")).ShouldBe([childId, parentId], ignoreOrder: true);
    }

    [Fact]
    public async Task Erase_ClearsPersonalDataInCaseAndRun_RunStaysListed()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        var caseId = await CreateCaseAsync("Erin", "erin@example.com");
        var runId = await StartForCaseAsync(new JsonObject { ["definition"] = "sleepy", ["case"] = caseId, ["input"] = new JsonObject { ["seconds"] = 0 } });
        await Client.WaitEndedAsync(runId);
        (await Client.GetRunAsync(runId)).ToJsonString().ShouldContain("erin@example.com");

        var (es, erased) = await Client.SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/erase");
        es.ShouldBe(HttpStatusCode.OK, erased?.ToJsonString());
        erased!["erasedAt"].ShouldNotBeNull();

        var (gs, got) = await Client.SendAsync(HttpMethod.Get, $"{Cases}/{caseId}");
        gs.ShouldBe(HttpStatusCode.OK);
        foreach (var field in new[] { "firstName", "lastName", "personalNumber", "email", "companyName", "companyNumber", "companyAddress" })
            got![field].ShouldBeNull(field);
        got!["attributes"]!.AsObject().Count.ShouldBe(0);

        var run = await Client.GetRunAsync(runId);
        var text = run.ToJsonString();
        foreach (var personal in new[] { "Erin", "Lovelace", "erin@example.com", "18151210-1234", "Analytical Engines", "556677-8899", "St James" })
            text.ShouldNotContain(personal);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["subject"]!["id"]!.GetValue<string>().ShouldBe(caseId);
        (await RunIdsAsync($"{Cases}/{caseId}/runs")).ShouldBe([runId]);
        (await RunIdsAsync($"{Runs}?case={caseId}")).ShouldBe([runId]);

        // Erasing again is harmless; setting personal data on an erased case is refused.
        (await Client.SendAsync(HttpMethod.Delete, $"{Cases}/{caseId}/personal-data")).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.SendAsync(HttpMethod.Patch, $"{Cases}/{caseId}", """{ "firstName": "Erin" }""")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cases_SearchPatchAndReplace_ChangeWhatWasAsked()
    {
        var caseId = await CreateCaseAsync("Searchable", "searchable@example.org");
        (await Client.SendAsync(HttpMethod.Get, $"{Cases}?q=SEARCHABLE@example")).Body!["items"]!.AsArray()
            .Select(c => c!["id"]!.GetValue<string>()).ShouldBe([caseId]);

        var (ps, patched) = await Client.SendAsync(HttpMethod.Patch, $"{Cases}/{caseId}", """{ "email": "new@example.org", "companyName": null }""");
        ps.ShouldBe(HttpStatusCode.OK, patched?.ToJsonString());
        (patched!["email"]!.GetValue<string>(), patched["firstName"]!.GetValue<string>(), patched["companyName"]).ShouldBe(("new@example.org", "Searchable", null));

        var (rs, replaced) = await Client.SendAsync(HttpMethod.Put, $"{Cases}/{caseId}", """{ "lastName": "Only" }""");
        rs.ShouldBe(HttpStatusCode.OK, replaced?.ToJsonString());
        (replaced!["lastName"]!.GetValue<string>(), replaced["firstName"], replaced["email"]).ShouldBe(("Only", null, null));
        (await Client.SendAsync(HttpMethod.Get, $"{Cases}/no-such")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateCase_MalformedEmailOrLongName_Is400NamingEachField()
    {
        var (s1, p1) = await Client.SendAsync(HttpMethod.Post, Cases, """{ "firstName": "Ada", "email": "ada at example" }""");
        s1.ShouldBe(HttpStatusCode.BadRequest);
        p1!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["email"]);
        p1["detail"]!.GetValue<string>().ShouldContain("email");

        var (s2, p2) = await Client.SendAsync(HttpMethod.Post, Cases,
            new JsonObject { ["firstName"] = new string('x', 201), ["email"] = "two@@example.com", ["lastName"] = 5, ["nickname"] = "x" }.ToJsonString());
        s2.ShouldBe(HttpStatusCode.BadRequest);
        p2!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["firstName", "lastName", "email", "nickname"], ignoreOrder: true);

        foreach (var email in new[] { "Ada <ada@example.com>", "ada@localhost", "a b@example.com", "ada@example..com" })
            (await Client.SendAsync(HttpMethod.Post, Cases, new JsonObject { ["email"] = email }.ToJsonString())).Status.ShouldBe(HttpStatusCode.BadRequest, email);
        (await Client.SendAsync(HttpMethod.Get, $"{Cases}?q=two@@")).Body!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateParameterSet_WrongTypes_Is400ListingEachField_AndStoresNothing()
    {
        await Client.DeployAsync(ServerProcess.Sample("case-greeting.yaml"));
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Sets,
            """{ "name": "broken", "definition": "case-greeting", "input": { "greeting": 5, "times": "twice", "extra": true } }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["greeting", "times", "extra"], ignoreOrder: true);
        (await Client.SendAsync(HttpMethod.Get, $"{Sets}?definition=case-greeting")).Body!.AsArray()
            .Select(s => s!["name"]!.GetValue<string>()).ShouldNotContain("broken");
        (await Client.SendAsync(HttpMethod.Post, Sets, """{ "name": "x", "definition": "no-such", "input": {} }""")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_UnknownCaseOrParameterSet_Is404NamingIt_AndStoresNothing()
    {
        await Client.DeployAsync(ServerProcess.Sample("case-greeting.yaml"));
        var before = await RunIdsAsync($"{Runs}?definition=case-greeting&limit=500");
        var (s1, p1) = await Client.SendAsync(HttpMethod.Post, Runs, """{ "definition": "case-greeting", "case": "no-such-case", "input": { "greeting": "Hi" } }""");
        s1.ShouldBe(HttpStatusCode.NotFound);
        p1!["detail"]!.GetValue<string>().ShouldContain("no-such-case");
        var (s2, p2) = await Client.SendAsync(HttpMethod.Post, Runs, """{ "definition": "case-greeting", "parameterSet": "no-such-set" }""");
        s2.ShouldBe(HttpStatusCode.NotFound);
        p2!["detail"]!.GetValue<string>().ShouldContain("no-such-set");
        (await RunIdsAsync($"{Runs}?definition=case-greeting&limit=500")).ShouldBe(before);
    }

    [Fact]
    public async Task Result_Is409BeforeEnd_LongPollAnswersSoonAfterTheRunEnds()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        var id = await Client.StartAsync("sleepy", new() { ["seconds"] = 1 });
        var (s1, p1) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result");
        s1.ShouldBe(HttpStatusCode.Conflict);
        p1!["runStatus"]!.GetValue<string>().ShouldBe("waiting");

        var clock = Stopwatch.StartNew();
        var (s2, result) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result?wait=10s");
        clock.Stop();
        s2.ShouldBe(HttpStatusCode.OK, result?.ToJsonString());
        result!["status"]!.GetValue<string>().ShouldBe("completed");
        result["output"]!["slept"]!.GetValue<int>().ShouldBe(1);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));

        // Ended: answered at once, with or without wait.
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Result_WaitBoundPassesIs409_BadWaitIs400_TerminatedRunAnswersItsError()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        var id = await Client.StartAsync("sleepy", new() { ["seconds"] = 60 });
        var clock = Stopwatch.StartNew();
        var (s1, p1) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result?wait=500ms");
        clock.Stop();
        s1.ShouldBe(HttpStatusCode.Conflict);
        p1!["runStatus"]!.GetValue<string>().ShouldBe("waiting");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400));

        foreach (var wait in new[] { "soon", "61s", "2m", "-1", "5h" })
        {
            var (s, p) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result?wait={wait}");
            s.ShouldBe(HttpStatusCode.BadRequest, wait);
            p!["field"]!.GetValue<string>().ShouldBe("wait");
        }
        (await Client.SendAsync(HttpMethod.Get, $"{Runs}/no-such-run/result")).Status.ShouldBe(HttpStatusCode.NotFound);

        (await Client.SendAsync(HttpMethod.Post, $"{Runs}/{id}/terminate", """{ "reason": "enough" }""")).Status.ShouldBe(HttpStatusCode.OK);
        var (s2, result) = await Client.SendAsync(HttpMethod.Get, $"{Runs}/{id}/result?wait=0.5");
        s2.ShouldBe(HttpStatusCode.OK, result?.ToJsonString());
        result!["status"]!.GetValue<string>().ShouldBe("terminated");
        result["error"]!["message"]!.GetValue<string>().ShouldContain("enough");
        result["output"].ShouldBeNull();
    }
}

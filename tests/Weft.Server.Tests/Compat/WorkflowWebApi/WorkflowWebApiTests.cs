using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests.Compat.WorkflowWebApi;

/// <summary>
/// Reference 000 ("Web API for Workflow") against a real server over loopback HTTP: the page's bodies, variables and
/// query strings sent as printed, the answers and status codes a client of the product branches on, and the same runs
/// seen through the native API.
/// </summary>
public sealed class WorkflowWebApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private const string Greeting = """
        name: Greeting
        steps:
          - id: greet
            kind: set
            values:
              label: "${ 'Hello ' + (vars.EmpName || 'nobody') + ' #' + (vars.EmployeeID || 0) + (vars.data ? ' ' + vars.data.test : '') }"
          - id: done
            kind: end
            output:
              label: ${ vars.label }
        """;

    private const string Waiter = """
        name: Waiter
        steps:
          - id: nap
            kind: delay
            duration: 3600
          - id: done
            kind: end
        """;

    private const string Onboard = """
        name: Onboard
        steps:
          - id: Prepare
            kind: set
            values:
              welcome: "${ 'Welcome ' + vars.EmpName }"
          - id: Approval
            kind: human
            title: "${ 'Approve ' + vars.EmpName + ' (' + vars.EmployeeID + ')' }"
            assign: { user: jdoe }
            form:
              - { key: comment, label: Comment, type: string }
            actions: [approve, reject]
          - id: Decide
            kind: set
            values:
              decision: ${ steps.Approval.output.action }
          - id: done
            kind: end
            output:
              decision: ${ vars.decision }
              by: ${ steps.Approval.output.by }
        """;

    private const string Notify = """
        name: Notify
        steps:
          - id: Call
            kind: http
            request:
              method: POST
              url: ${ vars.url }
            retry: { attempts: 1 }
          - id: After
            kind: set
            values:
              went: on
          - id: done
            kind: end
            output:
              went: ${ vars.went }
        """;

    private async Task DeployAsync(string yaml) => await Client.DeployAsync(yaml);

    private static long Id(JsonNode? body) => body!["executionid"]!.GetValue<long>();

    /// <summary>executewithvariables with the page's own variables array and the product's XML data, as printed.</summary>
    private async Task<long> ExecutePrintedAsync(string workflow)
    {
        var (status, body) = await Client.WebPostAsync("executewithvariables", $$"""
            {"repository":"default","workflow":"{{workflow}}","user":"activedirectory::jdoe","data":"<test>m</test>",
             "variables":[ {"id":"V123","name":"EmployeeID","value":361,"type":"number"}, {"id":"V124","name":"EmpName","value":"James","type":"string"} ]}
            """);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return Id(body);
    }

    [Fact]
    public async Task Execute_with_the_pages_body_answers_an_integer_execution_id_of_the_same_run_the_native_api_shows()
    {
        await DeployAsync(Greeting);
        var (status, body) = await Client.WebPostAsync("execute", """{"repository":"default","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var id = Id(body);
        id.ShouldBeGreaterThan(0);
        body!["status"]!.GetValue<string>().ShouldBeOneOf("EP", "EX", "SL", "FN");
        var done = await Client.WaitStatusAsync("default", id, "FN");
        done["workflow"]!.GetValue<string>().ShouldBe("Greeting");
        done["activities"]!.AsArray().Select(a => (a!["name"]!.GetValue<string>(), a["status"]!.GetValue<string>())).ShouldContain(("greet", "C"));

        // The same run in the native API, by its number and by its id; the provider part is kept with the user.
        var native = await Client.GetRunAsync(id.ToString());
        native["id"]!.GetValue<string>().ShouldBe(body["runId"]!.GetValue<string>());
        native["number"]!.GetValue<long>().ShouldBe(id);
        native["status"]!.GetValue<string>().ShouldBe("completed");
        native["tags"]!["webapi.user"]!.GetValue<string>().ShouldBe("activedirectory::jdoe");
    }

    [Fact]
    public async Task Execute_sent_again_with_the_same_idempotency_key_answers_the_first_execution()
    {
        await DeployAsync(Greeting);
        async Task<long> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, WebApiClient.Base + "execute")
            {
                Content = new StringContent("""{"repository":"default","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "webapi-once");
            using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            return Id(JsonNode.Parse(text));
        }
        var first = await SendAsync();
        (await SendAsync()).ShouldBe(first);
    }

    [Fact]
    public async Task Routes_match_case_insensitively_and_a_version_picks_one()
    {
        await DeployAsync(Greeting);
        var second = await Client.DeployAsync(Greeting.Replace("'Hello '", "'Hi '", StringComparison.Ordinal));
        var latest = second["version"]!.GetValue<int>();
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/Workflow.WebAPI/api/Workflow/Execute",
            """{"repository":"default","workflow":"Greeting","version":1,"user":"azureactivedirectory::a@b.c"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var done = await Client.WaitStatusAsync("default", Id(body), "FN");
        done["version"]!.GetValue<int>().ShouldBe(1);
        (status, body) = await Client.WebPostAsync("execute", """{"repository":"default","workflow":"Greeting","user":"skeltalist::E06D441B-AEC6-4386-9955-8E9A385DBB33"}""");
        status.ShouldBe(HttpStatusCode.OK);
        (await Client.WaitStatusAsync("default", Id(body), "FN"))["version"]!.GetValue<int>().ShouldBe(latest);
    }

    [Fact]
    public async Task Executewithvariables_takes_the_printed_variables_typed_and_xml_data_that_expressions_read()
    {
        await DeployAsync(Greeting);
        var id = await ExecutePrintedAsync("Greeting");
        await Client.WaitStatusAsync("default", id, "FN");
        var (s1, label) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=label");
        s1.ShouldBe(HttpStatusCode.OK);
        label!["value"]!.GetValue<string>().ShouldBe("Hello James #361 m");
        var (s2, employee) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=EmployeeID");
        s2.ShouldBe(HttpStatusCode.OK);
        employee!["value"]!.GetValue<int>().ShouldBe(361);
        var (s3, data) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=data");
        s3.ShouldBe(HttpStatusCode.OK);
        data!["value"]!["test"]!.GetValue<string>().ShouldBe("m");

        // JSON data is read the same way.
        var (status, body) = await Client.WebPostAsync("executewithvariables", """{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","data":{"test":"j"},"variables":[]}""");
        status.ShouldBe(HttpStatusCode.OK);
        var (_, json) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={(await Client.WaitStatusAsync("default", Id(body), "FN"))["executionid"]}&variablename=label");
        json!["value"]!.GetValue<string>().ShouldBe("Hello nobody #0 j");
    }

    [Fact]
    public async Task Xml_data_keeps_attributes_as_at_names_and_repeated_elements_as_an_array()
    {
        await DeployAsync(Greeting);
        var (status, body) = await Client.WebPostAsync("executewithvariables", """
            {"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","data":"<order id=\"7\"><item>a</item><item>b</item><note lang=\"en\">hi</note></order>","variables":[]}
            """);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var id = Id(body);
        await Client.WaitStatusAsync("default", id, "FN");
        var (_, data) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=data");
        JsonNode.DeepEquals(data!["value"], JsonNode.Parse("""{"order":{"@id":"7","item":["a","b"],"note":{"@lang":"en","#text":"hi"}}}""")).ShouldBeTrue(data["value"]!.ToJsonString());
        (status, var problem) = await Client.WebPostAsync("executewithvariables", """
            {"repository":"default","workflow":"Greeting","data":"<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>"}
            """);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe("data");
    }

    private const string Declared = """
        name: Declared
        input:
          EmployeeID: { type: integer, required: true }
          EmpName: { type: string, required: true }
        steps:
          - id: done
            kind: end
            output:
              label: "${ input.EmpName + ' #' + input.EmployeeID }"
        """;

    [Fact]
    public async Task Variables_the_definition_declares_as_input_are_checked_against_it_and_a_wrong_one_is_named()
    {
        await DeployAsync(Declared);
        var id = await ExecutePrintedAsync("Declared");
        await Client.WaitStatusAsync("default", id, "FN");
        (await Client.GetRunAsync(id.ToString()))["output"]!["label"]!.GetValue<string>().ShouldBe("James #361");

        // EmployeeID is declared an integer: a string there (with no type of its own) is refused, naming it; a missing one too.
        var (status, problem) = await Client.WebPostAsync("executewithvariables", """
            {"repository":"default","workflow":"Declared","user":"activedirectory::jdoe","data":"<test>m</test>",
             "variables":[ {"id":"V123","name":"EmployeeID","value":"361x"}, {"id":"V124","name":"EmpName","value":"James","type":"string"} ]}
            """);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["EmployeeID"]);
        (status, problem) = await Client.WebPostAsync("executewithvariables", """
            {"repository":"default","workflow":"Declared","user":"activedirectory::jdoe","variables":[ {"id":"V124","name":"EmpName","value":"James","type":"string"} ]}
            """);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["EmployeeID"]);
    }

    [Theory]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","variables":[{"id":"V123","name":"EmployeeID","value":"abc","type":"number"}]}""", "variables[0].value", "EmployeeID")]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","variables":[{"id":"V123","name":"EmployeeID","value":1,"type":"money"}]}""", "variables[0].type", "EmployeeID")]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","variables":[{"id":"V1","value":1,"type":"number"}]}""", "variables[0].name", "name")]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","variables":{"a":1}}""", "variables", "array")]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"activedirectory::jdoe","data":"<test>m</tes>"}""", "data", "XML")]
    [InlineData("""{"repository":"default","user":"activedirectory::jdoe"}""", "workflow", "workflow")]
    [InlineData("""{"repository":"default","workflow":"Greeting","user":"jdoe"}""", "user", "::")]
    [InlineData("""{"repository":"default","workflow":"Greeting","version":"latest","user":"activedirectory::jdoe"}""", "version", "version")]
    public async Task A_bad_body_is_a_400_naming_the_field(string body, string field, string mentions)
    {
        await DeployAsync(Greeting);
        var (status, problem) = await Client.WebPostAsync("executewithvariables", body);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe(field);
        problem["detail"]!.GetValue<string>().ShouldContain(mentions);
    }

    [Theory]
    [InlineData("execute", """{"repository":"default","workflow":"NoSuchFlow","version":"","user":"activedirectory::jdoe"}""", 404, "workflow")]
    [InlineData("execute", """{"repository":"NoSuchRepository","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", 404, "repository")]
    [InlineData("execute", """{"repository":"default","workflow":"Greeting","version":99,"user":"activedirectory::jdoe"}""", 404, "version")]
    [InlineData("status?repo=NoSuchRepository&executionid=1", null, 404, "repo")]
    [InlineData("lastinstance?repo=NoSuchRepository&workflow=Greeting", null, 404, "repo")]
    [InlineData("status?repo=default&executionid=999999", null, 404, "executionid")]
    [InlineData("status?repo=default&executionid=abc", null, 400, "executionid")]
    [InlineData("lastinstance?repo=default&workflow=NoSuchFlow", null, 404, "workflow")]
    public async Task An_unknown_or_malformed_name_is_answered_with_its_status_and_field(string operation, string? body, int expected, string field)
    {
        await DeployAsync(Greeting);
        var (status, problem) = body is null ? await Client.WebGetAsync(operation) : await Client.WebPostAsync(operation, body);
        ((int)status).ShouldBe(expected, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task Another_repository_is_403_and_no_token_401()
    {
        await DeployAsync(Greeting);
        HttpStatusCode status;
        // jdoe is an operator in 'default' only.
        (status, _) = await Client.WebPostAsync("execute", """{"repository":"other","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.Forbidden);
        (status, _) = await Client.WebGetAsync("lastinstance?repo=other&workflow=Greeting", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, WebApiClient.Base + "execute")
        {
            Content = new StringContent("""{"repository":"default","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        anonymous.Options.Set(TokenHandler.Anonymous, true);
        using var response = await Client.SendAsync(anonymous, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (status, _) = await Client.WebPostAsync("execute", """{"repository":"default","workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", bearer: "not-a-token");
        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_request_without_its_repository_is_a_400_naming_repository_or_repo()
    {
        var (status, problem) = await Client.WebPostAsync("execute", """{"workflow":"Greeting","version":"","user":"activedirectory::jdoe"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe("repository");
        (status, problem) = await Client.WebGetAsync("status?executionid=1", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe("repo");
    }

    [Fact]
    public async Task Pause_resume_and_abort_with_the_pages_body_and_409_for_what_the_state_forbids()
    {
        await DeployAsync(Waiter);
        await DeployAsync(Greeting);
        var (status, body) = await Client.WebPostAsync("execute", """{"repository":"default","workflow":"Waiter","version":"","user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK);
        var id = Id(body);
        var waiting = await Client.WaitStatusAsync("default", id, "SL");
        waiting["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "nap")!["status"]!.GetValue<string>().ShouldBe("S");

        (status, body) = await Client.WebPostAsync("pause", $$"""{"repository":"default","workflow":"Waiter","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["status"]!.GetValue<string>().ShouldBe("PA");
        var paused = await Client.WaitStatusAsync("default", id, "PA");
        paused["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "nap")!["status"]!.GetValue<string>().ShouldBe("U");
        (await Client.GetRunAsync(id.ToString()))["status"]!.GetValue<string>().ShouldBe("paused");
        (status, _) = await Client.WebPostAsync("pause", $$"""{"repository":"default","workflow":"Waiter","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.Conflict);

        (status, body) = await Client.WebPostAsync("resume", $$"""{"repository":"default","workflow":"Waiter","executionid":"{{id}}","user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["status"]!.GetValue<string>().ShouldBeOneOf("SL", "EX");

        // The execution id of another workflow is not found under this one.
        (status, var problem) = await Client.WebPostAsync("abort", $$"""{"repository":"default","workflow":"Greeting","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.NotFound);
        problem!["field"]!.GetValue<string>().ShouldBe("workflow");

        (status, body) = await Client.WebPostAsync("abort", $$"""{"repository":"default","workflow":"Waiter","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["status"]!.GetValue<string>().ShouldBe("AB");
        (await Client.GetRunAsync(id.ToString()))["status"]!.GetValue<string>().ShouldBe("terminated");
        (status, _) = await Client.WebPostAsync("abort", $$"""{"repository":"default","workflow":"Waiter","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.Conflict);
        (status, _) = await Client.WebPostAsync("resumeworkflowwitherrors", $$"""{"repository":"default","workflow":"Waiter","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.Conflict);
        (status, problem) = await Client.WebPostAsync("pause", """{"repository":"default","workflow":"Waiter","executionid":999999,"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.NotFound);
        problem!["field"]!.GetValue<string>().ShouldBe("executionid");
    }

    [Fact]
    public async Task Journey_variables_a_human_activity_completed_through_AlertEngine_outputs_and_lastinstance()
    {
        await DeployAsync(Onboard);
        var id = await ExecutePrintedAsync("Onboard");

        var asleep = await Client.WaitStatusAsync("default", id, "SL");
        var approval = asleep["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Approval")!;
        approval["status"]!.GetValue<string>().ShouldBe("S");
        var detailsId = approval["executiondetailsid"]!.GetValue<long>();
        var (ls, last) = await Client.WebGetAsync("lastinstance?repo=default&workflow=Onboard");
        ls.ShouldBe(HttpStatusCode.OK);
        Id(last).ShouldBe(id);
        last!["status"]!.GetValue<string>().ShouldBe("SL");

        // Sleep leaves it waiting; a status the product uses but AlertEngine does not set is refused by name.
        var (status, body) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::jdoe","data":"<test>m</test>","output":"","status":"Sleep"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["status"]!.GetValue<string>().ShouldBe("S");
        (status, var problem) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::jdoe","output":"approve","status":"Executing"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("status");
        problem["detail"]!.GetValue<string>().ShouldContain("Executing");
        (status, problem) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::jdoe","output":"maybe","status":"Completed"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("output");
        (status, problem) = await Client.WebPostAsync("AlertEngine", """{"repository":"default","workflow":"Onboard","executiondetailsid":999999,"user":"activedirectory::jdoe","output":"approve","status":"Completed"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.NotFound);
        problem!["field"]!.GetValue<string>().ShouldBe("executiondetailsid");
        // Someone the activity is not assigned to may not complete it.
        (status, _) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::mallory","output":"approve","status":"Completed"}""", actAs: "mallory");
        status.ShouldBe(HttpStatusCode.Forbidden);

        (status, body) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::jdoe","data":"<test>m</test>","output":{"action":"Approve","comment":"fine"},"status":"Completed"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["status"]!.GetValue<string>().ShouldBe("C");
        body["activityname"]!.GetValue<string>().ShouldBe("Approval");
        var finished = await Client.WaitStatusAsync("default", id, "FN");
        finished["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Approval")!["status"]!.GetValue<string>().ShouldBe("C");
        (status, _) = await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"Onboard","executiondetailsid":{{detailsId}},"user":"activedirectory::jdoe","output":"approve","status":"Completed"}""", actAs: "jdoe");
        status.ShouldBe(HttpStatusCode.Conflict);

        var (os, output) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&activityname=Approval");
        os.ShouldBe(HttpStatusCode.OK, output?.ToJsonString());
        output!["activityname"]!.GetValue<string>().ShouldBe("Approval");
        output["output"]!["action"]!.GetValue<string>().ShouldBe("approve");
        output["output"]!["fields"]!["comment"]!.GetValue<string>().ShouldBe("fine");
        var (vs, variable) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=decision");
        vs.ShouldBe(HttpStatusCode.OK);
        variable!["value"]!.GetValue<string>().ShouldBe("approve");
        (vs, variable) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=welcome");
        variable!["value"]!.GetValue<string>().ShouldBe("Welcome James");
        (os, problem) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&activityname=NoSuchActivity");
        os.ShouldBe(HttpStatusCode.NotFound);
        problem!["field"]!.GetValue<string>().ShouldBe("activityname");
        (ls, last) = await Client.WebGetAsync("lastinstance?repo=default&workflow=Onboard");
        Id(last).ShouldBe(id);
        last!["status"]!.GetValue<string>().ShouldBe("FN");

        // The same run in the native API: completed by jdoe, with jdoe's task.
        var native = await Client.GetRunAsync(id.ToString());
        native["status"]!.GetValue<string>().ShouldBe("completed");
        native["output"]!["by"]!.GetValue<string>().ShouldBe("jdoe");
    }

    private const string ToInitiator = """
        name: ToInitiator
        steps:
          - id: Review
            kind: human
            title: Review
            assign: { initiator: true, otherwise: { user: clerk } }
            actions: [done]
          - id: end
            kind: end
            output:
              by: ${ steps.Review.output.by }
        """;

    [Fact]
    public async Task A_user_token_makes_that_user_the_initiator_and_a_service_token_sends_an_initiator_activity_to_its_other_assignment()
    {
        await DeployAsync(ToInitiator);
        async Task<(long Id, string Assignee, long DetailsId)> StartAsync(string? actAs)
        {
            var (status, body) = await Client.WebPostAsync("execute", """{"repository":"default","workflow":"ToInitiator","version":"","user":"activedirectory::whoever"}""", actAs: actAs);
            status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
            var id = Id(body);
            var asleep = await Client.WaitStatusAsync("default", id, "SL");
            var (ts, tasks) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/tasks?runId={body!["runId"]}");
            ts.ShouldBe(HttpStatusCode.OK);
            var detailsId = asleep["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Review")!["executiondetailsid"]!.GetValue<long>();
            return (id, tasks!["items"]![0]!["assignee"]!["user"]!.GetValue<string>(), detailsId);
        }

        // Started with ann's user token: the activity assigned to the initiator is ann's, and only she completes it.
        var (byUser, assignee, detailsId) = await StartAsync("ann");
        assignee.ShouldBe("ann");
        (await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"ToInitiator","executiondetailsid":{{detailsId}},"user":"activedirectory::clerk","output":"done","status":"Completed"}""", actAs: "clerk")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"ToInitiator","executiondetailsid":{{detailsId}},"user":"activedirectory::ann","output":"done","status":"Completed"}""", actAs: "ann")).Status.ShouldBe(HttpStatusCode.OK);
        await Client.WaitStatusAsync("default", byUser, "FN");

        // Started with a client-credentials token (a service): the activity goes to its other assignment, the clerk.
        var (byService, other, otherDetails) = await StartAsync(null);
        other.ShouldBe("clerk");
        (await Client.WebPostAsync("AlertEngine", $$"""{"repository":"default","workflow":"ToInitiator","executiondetailsid":{{otherDetails}},"user":"activedirectory::clerk","status":"Completed"}""", actAs: "clerk")).Status.ShouldBe(HttpStatusCode.OK);
        await Client.WaitStatusAsync("default", byService, "FN");
        (await Client.GetRunAsync(byService.ToString()))["output"]!["by"]!.GetValue<string>().ShouldBe("clerk");
    }

    [Fact]
    public async Task A_run_whose_http_step_failed_finishes_after_resumeworkflowwitherrors()
    {
        await DeployAsync(Notify);
        var (status, body) = await Client.WebPostAsync("executewithvariables", """
            {"repository":"default","workflow":"Notify","user":"activedirectory::jdoe","data":"","variables":[{"id":"V1","name":"url","value":"http://127.0.0.1:1/refused","type":"string"}]}
            """);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var id = Id(body);
        var failed = await Client.WaitStatusAsync("default", id, "FE");
        failed["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Call")!["status"]!.GetValue<string>().ShouldBe("E");
        (status, _) = await Client.WebPostAsync("resume", $$"""{"repository":"default","workflow":"Notify","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.Conflict);

        (status, body) = await Client.WebPostAsync("resumeworkflowwitherrors", $$"""{"repository":"default","workflow":"Notify","executionid":{{id}},"user":"activedirectory::jdoe"}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var finished = await Client.WaitStatusAsync("default", id, "FN");
        finished["activities"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "After")!["status"]!.GetValue<string>().ShouldBe("C");
        var (vs, variable) = await Client.WebGetAsync($"activityoutput?repo=default&executionid={id}&variablename=went");
        vs.ShouldBe(HttpStatusCode.OK);
        variable!["value"]!.GetValue<string>().ShouldBe("on");
    }
}

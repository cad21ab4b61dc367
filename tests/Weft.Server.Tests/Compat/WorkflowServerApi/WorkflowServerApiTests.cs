using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;
using static Weft.Server.Tests.Compat.WorkflowServerApi.WorkflowApiCalls;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>Reference 001's Workflow API at <c>/workflowapi</c>: its URL forms, parameter sources, envelope and instance operations, against a real server.</summary>
public sealed class WorkflowServerApiTests(WorkflowServerApiFixture fx) : IClassFixture<WorkflowServerApiFixture>
{
    private async Task<HttpClient> ApiAsync() => fx.Server.ClientFor(await fx.PageTokenAsync(Ct));

    /// <summary>Asserts the product's envelope: 200, exactly data/success/error/message, and success as expected.</summary>
    private static JsonObject Envelope(HttpStatusCode status, JsonObject body, bool success)
    {
        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body.Select(p => p.Key).ShouldBe(["data", "success", "error", "message"], ignoreOrder: true);
        body["success"]!.GetValue<bool>().ShouldBe(success, body.ToJsonString());
        return body;
    }

    private static async Task<string> CreateAsync(HttpClient api, string body = """{"schemeCode":"TestScheme"}""")
    {
        var id = Guid.NewGuid().ToString();
        var (status, answer) = await CallAsync(api, HttpMethod.Post, $"/workflowapi/createinstance/{id}", Json(body));
        Envelope(status, answer, success: true);
        return id;
    }

    private static Task<JsonObject> WaitIdledAsync(HttpClient api, string id) => InfoWhenAsync(api, id, 2);

    [Fact]
    public async Task The_pages_createinstance_request_as_printed_starts_the_instance_with_the_clients_id()
    {
        // The page's request: its path GUID, its JSON body with its spacing and line breaks, and the Bearer token.
        using var api = await ApiAsync();
        var (status, body) = await CallAsync(api, HttpMethod.Post, "/workflowapi/createinstance/f54104f0-5de2-ea7b-e3be-47c9199a3967",
            Json("{\n\"schemeCode\" : \"TestScheme\"\n}"));
        Envelope(status, body, success: true)["data"].ShouldBeNull();

        var info = await WaitIdledAsync(api, "f54104f0-5de2-ea7b-e3be-47c9199a3967");
        info["Id"]!.GetValue<string>().ShouldBe("f54104f0-5de2-ea7b-e3be-47c9199a3967");
        info["SchemeCode"]!.GetValue<string>().ShouldBe("TestScheme");
        info["StateName"]!.GetValue<string>().ShouldBe("decide");
        info["ActivityName"]!.GetValue<string>().ShouldBe("decide");
        info["ProcessParameters"]!["stage"]!.GetValue<string>().ShouldBe("drafted");
        info["Transitions"]!.AsArray().Select(t => t!["ToActivityName"]!.GetValue<string>()).ShouldContain("draft");
        info["History"].ShouldBeOfType<JsonArray>();

        // The same instance in the native API, in the namespace the surface works in.
        var run = await fx.Admin.GetRunAsync("f54104f0-5de2-ea7b-e3be-47c9199a3967");
        run["definition"]!.GetValue<string>().ShouldBe("TestScheme");
    }

    [Fact]
    public async Task The_three_url_forms_and_every_parameter_source_reach_the_same_operation_with_names_in_any_case()
    {
        using var api = await ApiAsync();
        var id = await CreateAsync(api);
        await WaitIdledAsync(api, id);
        var answers = new List<(HttpStatusCode, JsonObject)>
        {
            await CallAsync(api, HttpMethod.Get, $"/workflowapi/getinstanceinfo/{id}"),
            await CallAsync(api, HttpMethod.Get, $"/workflowapi/getinstanceinfo?processId={id}"),
            await CallAsync(api, HttpMethod.Get, $"/workflowapi?operation=getinstanceinfo&processId={id}"),
            await CallAsync(api, HttpMethod.Get, $"/workflowapi?OPERATION=getInstanceInfo&PROCESSID={id}"),
            await CallAsync(api, HttpMethod.Post, "/workflowapi/getinstanceinfo", new FormUrlEncodedContent(new Dictionary<string, string> { ["processid"] = id })),
            await CallAsync(api, HttpMethod.Post, "/workflowapi/getinstanceinfo", new MultipartFormDataContent { { new StringContent(id), "ProcessId" } }),
            await CallAsync(api, HttpMethod.Post, "/workflowapi", Json($$"""{"operation":"getinstanceinfo","processId":"{{id}}"}""")),
        };
        foreach (var (status, body) in answers)
            Envelope(status, body, success: true)["data"]!["Id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task Createinstance_takes_the_pages_parameters_and_getparameter_reads_them_back()
    {
        using var api = await ApiAsync();
        // The admin page's generated C# body: one flat JSON object of the non-URL parameters.
        var id = await CreateAsync(api, """{"schemeCode":"TestScheme","identityId":"u1","parameters":[{"name":"Amount","value":10,"persist":true},{"name":"Note","value":"rush","persist":false}]}""");
        var info = await WaitIdledAsync(api, id);
        info["ProcessParameters"]!["Amount"]!.GetValue<int>().ShouldBe(10);

        var (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/getparameter/{id}?parameter=Note");
        Envelope(status, body, success: true)["data"]!.GetValue<string>().ShouldBe("rush");

        // Older clients: a form with the parameters as a JSON string.
        var formId = Guid.NewGuid().ToString();
        (status, body) = await CallAsync(api, HttpMethod.Post, $"/workflowapi/createinstance/{formId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["schemecode"] = "TestScheme",
            ["parameters"] = """[{"name":"Amount","value":7}]""",
        }));
        Envelope(status, body, success: true);
        (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/getparameter/{formId}?parameter=Amount");
        Envelope(status, body, success: true)["data"]!.GetValue<int>().ShouldBe(7);

        (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/getparameter/{id}?parameter=Missing");
        Envelope(status, body, success: true)["data"].ShouldBeNull();
        body["message"]!.GetValue<string>().ShouldContain("Missing");
    }

    [Fact]
    public async Task Isexistprocess_getschemelist_and_getinstances_answer_the_products_payloads()
    {
        using var api = await ApiAsync();
        var id = await CreateAsync(api);
        await WaitIdledAsync(api, id);

        var (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/isexistprocess/{id}");
        Envelope(status, body, success: true)["data"]!.GetValue<bool>().ShouldBeTrue();
        (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/isexistprocess/{Guid.NewGuid()}");
        Envelope(status, body, success: true)["data"]!.GetValue<bool>().ShouldBeFalse();

        (status, body) = await CallAsync(api, HttpMethod.Get, "/workflowapi/getschemelist");
        Envelope(status, body, success: true)["data"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("TestScheme");

        (status, body) = await CallAsync(api, HttpMethod.Get, "/workflowapi/getinstances?take=500&skip=0&status=2&sort=CreationDate desc");
        var listed = Envelope(status, body, success: true)["data"]!.AsArray();
        listed.Select(i => i!["Id"]!.GetValue<string>()).ShouldContain(id);
        listed.ShouldAllBe(i => i!["InstanceStatus"]!.GetValue<int>() == 2);

        (status, body) = await CallAsync(api, HttpMethod.Get, "/workflowapi/getinstances?take=1&skip=0");
        Envelope(status, body, success: true)["data"]!.AsArray().Count.ShouldBe(1);

        (status, body) = await CallAsync(api, HttpMethod.Get, "/workflowapi/getinstances?status=3&search=NoSuchScheme");
        Envelope(status, body, success: true)["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Resume_continues_a_paused_instance_where_it_stood()
    {
        using var api = await ApiAsync();
        var id = await CreateAsync(api);
        await WaitIdledAsync(api, id);
        using (var paused = await fx.Admin.PostAsync($"/api/v1/namespaces/default/runs/{id}/pause", null, Ct))
            paused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fx.Admin.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("paused");

        var (status, body) = await CallAsync(api, HttpMethod.Post, $"/workflowapi/resume/{id}");
        Envelope(status, body, success: true);
        (await fx.Admin.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");
    }

    [Fact]
    public async Task Tenant_id_names_another_namespace_the_caller_may_use()
    {
        using (var created = await fx.Admin.PutAsync("/api/v1/namespaces/sales", null, Ct))
            created.IsSuccessStatusCode.ShouldBeTrue();
        await fx.Admin.DeployAsync(WorkflowServerApiFixture.TestScheme, "sales");
        using var api = await ApiAsync();
        var id = await CreateAsync(api, """{"schemeCode":"TestScheme","tenantId":"sales"}""");
        (await fx.Admin.GetRunAsync(id, "sales"))["id"]!.GetValue<string>().ShouldBe(id);

        var (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/isexistprocess/{id}");
        Envelope(status, body, success: true)["data"]!.GetValue<bool>().ShouldBeFalse();
        (status, body) = await CallAsync(api, HttpMethod.Get, $"/workflowapi/isexistprocess/{id}?tenantId=sales");
        Envelope(status, body, success: true)["data"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Operation_errors_are_200_with_success_false_and_the_reason()
    {
        using var api = await ApiAsync();
        var existing = await CreateAsync(api);
        var cases = new (HttpMethod Method, string Path, HttpContent? Body, string Says)[]
        {
            (HttpMethod.Get, "/workflowapi", null, "Parameter 'operation' is required"),
            (HttpMethod.Get, "/workflowapi/getinstanceinfo/not-a-guid", null, "Parameter 'processid' is required and must be GUID"),
            (HttpMethod.Post, $"/workflowapi/createinstance/{Guid.NewGuid()}", Json("{}"), "Parameter 'schemecode' is required!"),
            (HttpMethod.Post, $"/workflowapi/createinstance/{Guid.NewGuid()}", Json("""{"schemeCode":"NoSuchScheme"}"""), "The scheme 'NoSuchScheme' is not found!"),
            (HttpMethod.Post, $"/workflowapi/createinstance/{existing}", Json("""{"schemeCode":"TestScheme"}"""), "already exists"),
            (HttpMethod.Post, $"/workflowapi/createinstance/{Guid.NewGuid()}", Json("""{"schemeCode":"TestScheme","parameters":"oops"}"""), "'parameters'"),
            (HttpMethod.Get, $"/workflowapi/getinstanceinfo/{Guid.NewGuid()}", null, "is not found"),
            (HttpMethod.Get, $"/workflowapi/getparameter/{existing}", null, "Parameter 'parameter' is required!"),
            (HttpMethod.Post, "/workflowapi/nosuchoperation", null, "'nosuchoperation' is not found"),
            (HttpMethod.Post, "/workflowapi/getschemelist", new StringContent("x", Encoding.UTF8, "text/plain"), "Invalid request body type"),
            (HttpMethod.Post, "/workflowapi/getschemelist", Json("{ not json"), "does not parse"),
            (HttpMethod.Post, "/workflowapi/getschemelist", new StringContent("--x\r\nbroken", Encoding.UTF8, "multipart/form-data"), "cannot be read"),
            (HttpMethod.Get, "/workflowapi/getinstances?take=0", null, "'take'"),
            (HttpMethod.Get, "/workflowapi/getinstances?status=7", null, "'status'"),
            (HttpMethod.Get, "/workflowapi/getinstances?sort=Nope", null, "'sort'"),
            (HttpMethod.Get, "/workflowapi/getinstances?fromCreationDate=yesterday", null, "'fromCreationDate'"),
            (HttpMethod.Post, $"/workflowapi/deleteinstance/{existing}", null, "keeps every run"),
            (HttpMethod.Post, $"/workflowapi/setparameter/{existing}?parameter=a&value=b", null, "not served"),
            (HttpMethod.Post, $"/workflowapi/resume/{existing}?activity=draft", null, "not served"),
        };
        foreach (var (method, path, content, says) in cases)
        {
            var (status, body) = await CallAsync(api, method, path, content);
            Envelope(status, body, success: false);
            body["data"].ShouldBeNull();
            body["error"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            body["message"]!.GetValue<string>().ShouldContain(says, Case.Sensitive, $"{method} {path}");
        }
        // Resuming a run that is not paused says which rule refused.
        var (s, b) = await CallAsync(api, HttpMethod.Post, $"/workflowapi/resume/{existing}");
        Envelope(s, b, success: false)["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_the_surfaces_envelope_and_the_server_goes_on()
    {
        using var api = await ApiAsync();
        var big = "{\"schemeCode\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        using var response = await api.PostAsync("/workflowapi/getschemelist", Json(big), Ct);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.RequestEntityTooLarge);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        body["success"]!.GetValue<bool>().ShouldBeFalse();
        body["message"]!.GetValue<string>().ShouldContain("Weft:Api:MaxBodyBytes");
        var (status, list) = await CallAsync(api, HttpMethod.Get, "/workflowapi/getschemelist");
        Envelope(status, list, success: true);
    }

    [Fact]
    public async Task Without_a_credential_the_surface_answers_401_in_its_envelope()
    {
        foreach (var (path, bearer) in new[] { ("/workflowapi/getschemelist", (string?)null), ("/workflowapi/getschemelist", "not-a-token"), ("/workflowapi/getschemelist?token=wrong", null) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await fx.Anonymous.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
            body["success"]!.GetValue<bool>().ShouldBeFalse();
            body["data"].ShouldBeNull();
            body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
    }
}

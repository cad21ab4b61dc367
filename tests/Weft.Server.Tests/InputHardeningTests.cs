using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Issue 13: what a hostile but signed-in caller sent against main (each used to kill the server, grow it past memory
/// or answer 500), sent again; each must answer a 4xx problem naming the limit and where, and the server must answer after.
/// </summary>
public sealed class InputHardeningTests(DefaultServerFixture server) : IClassFixture<DefaultServerFixture>
{
    private const string Definitions = "/api/v1/namespaces/default/definitions";
    private const int MaxBody = 1024 * 1024;

    private HttpClient Client => server.Process.Client;

    private async Task ServerStillAnswersAsync()
    {
        using var health = await server.Process.AnonymousClient.GetAsync("/health", TestContext.Current.CancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static void ShouldBeProblem(HttpStatusCode status, JsonNode? problem, HttpStatusCode expected, string says)
    {
        status.ShouldBe(expected, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldContain(says);
    }

    public static TheoryData<string, string> TooDeep => new()
    {
        { new string('[', 32_000) + new string(']', 32_000), "application/yaml" },
        { "x: " + string.Concat(Enumerable.Repeat("{a: ", 16_000)) + "1" + new string('}', 16_000), "application/yaml" },
        { new string('[', 6_900) + new string(']', 6_900), "application/json" },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public async Task Deploy_NestedThousandsDeep_Issue13_Is422NamingTheDepthLimit(string text, string contentType)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Definitions, text, contentType);
        ShouldBeProblem(status, problem, HttpStatusCode.UnprocessableEntity, "deeper than 64 levels");
        problem!["line"]!.GetValue<int>().ShouldBe(1);
        problem["column"]!.GetValue<int>().ShouldBeGreaterThan(64);
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Deploy_AliasBomb_Issue13_Is422AtTheAliasPastTheBudget()
    {
        // "Billion laughs": 406 bytes that expand to 9^10 values.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i <= 9; i++) yaml += $"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n";
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Definitions, yaml, "application/yaml");
        ShouldBeProblem(status, problem, HttpStatusCode.UnprocessableEntity, "expand to more than 100000 values");
        problem!["line"]!.GetValue<int>().ShouldBe(6);
        problem["column"]!.GetValue<int>().ShouldBeGreaterThan(1);
        await ServerStillAnswersAsync();
    }

    public static TheoryData<string, string> BadDefinitions => new()
    {
        { "name: n\nsteps:\n  - { id: a, kind: set, values: { x: 1e99999 } }\n", "application/yaml" },
        { "name: n\nsteps:\n  - { id: a, kind: set, values: { x: " + new string('9', 5_000) + " } }\n", "application/yaml" },
        { """{ "name": "n", "steps": [ { "id": "a", "kind": "set", "values": { "x": 1e99999 } } ] }""", "application/json" },
        { """{ "name": "n", "steps": [ { "id": "a", "kind": "set", "values": { "x": """ + new string('9', 5_000) + " } } ] }", "application/json" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task Deploy_NumberPastDoubleRange_Issue13_Is422AtTheNumber(string text, string contentType)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Definitions, text, contentType);
        ShouldBeProblem(status, problem, HttpStatusCode.UnprocessableEntity, "out of range");
        problem!["line"]!.GetValue<int>().ShouldBeGreaterThan(0);
        problem["column"]!.GetValue<int>().ShouldBeGreaterThan(1);
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Deploy_LineSeparatorInFlowMapping_Issue13_Is400AtTheCharacter()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Definitions, "name: n\nsteps:\n  - { id: a, kind: set, values: {a: 1,\u2028 b: 2} }\n", "application/yaml");
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, "U+2028");
        (problem!["line"]!.GetValue<int>(), problem["column"]!.GetValue<int>()).ShouldBe((3, 39));
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Deploy_JsonDefinitionWithDuplicateKey_Issue13_Is400AtTheKey()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Definitions, """{"name":"n","name":"m","steps":[]}""", "application/json");
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, "Duplicate key name");
        problem!["column"]!.GetValue<int>().ShouldBe(13);
    }

    public static TheoryData<string> WriteRoutes => new()
    {
        "/api/v1/namespaces/default/runs",
        "/api/v1/namespaces/default/runs/r-none/terminate",
        "/api/v1/namespaces/default/runs/r-none/rerun",
        "/api/v1/namespaces/default/events",
        "/api/v1/namespaces/default/runs/r-none/events",
        "/api/v1/namespaces/default/tasks",
        "/api/v1/tasks/t-none/complete",
        "/api/v1/namespaces/default/webhooks",
        "/api/v1/namespaces/default/cases",
        "/api/v1/namespaces/default/parameter-sets",
        "/api/v1/namespaces/default/queues/q/poll",
        "/api/v1/admin/users",
        "/api/v1/tokens",
    };

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task Write_DuplicateKey_Issue13_Is400AtTheSecondKey(string path)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, path, "{\"definition\":\"hello\",\n \"definition\":\"x\"}");
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, "'definition' is given twice");
        (problem!["line"]!.GetValue<int>(), problem["column"]!.GetValue<int>()).ShouldBe((2, 2));
        await ServerStillAnswersAsync();
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task Write_LoneSurrogate_Issue13_Is400AtTheString(string path)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, path, """{"definition":"\ud800", "title": "x"}""");
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, "lone surrogate");
        (problem!["line"]!.GetValue<int>(), problem["column"]!.GetValue<int>()).ShouldBe((1, 15));
        await ServerStillAnswersAsync();
    }

    [Theory]
    [InlineData("runs/r-none/result?wait=99999999999999999999", "wait", "at most 60 seconds")]
    [InlineData("runs/r-none/result?wait=99999999999999999999m", "wait", "at most 60 seconds")]
    [InlineData("runs/r-none/result?wait=1e400", "wait", "must be a duration")]
    [InlineData("webhooks/wh-none/deliveries?limit=abc", "limit", "a whole number from 1 to 500")]
    [InlineData("webhooks/wh-none/deliveries?limit=99999999999", "limit", "a whole number from 1 to 500")]
    [InlineData("webhooks/wh-none/deliveries?limit=0", "limit", "a whole number from 1 to 500")]
    public async Task Query_NumberOutOfRange_Issue13_Is400NamingTheParameter(string pathAndQuery, string field, string says)
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/" + pathAndQuery);
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, says);
        problem!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task ListRuns_ManyTagFilters_Issue13_Is400NamingTag()
    {
        var query = string.Join("&", Enumerable.Range(0, 500).Select(i => $"tag=k{i}:v"));
        var (status, problem) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?" + query);
        ShouldBeProblem(status, problem, HttpStatusCode.BadRequest, "At most 20 'tag' filters");
        problem!["field"]!.GetValue<string>().ShouldBe("tag");
        var (atLimit, _) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?" + string.Join("&", Enumerable.Range(0, 20).Select(i => $"tag=k{i}:v")));
        atLimit.ShouldBe(HttpStatusCode.OK);
        var (manyStatuses, _) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?status=" + string.Join(",", Enumerable.Repeat("running", 1_000)));
        manyStatuses.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("multipart/form-data", "hello")]
    [InlineData("multipart/form-data; boundary=x", "hello")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc")]
    public async Task AddTaskFile_MultipartThatDoesNotParse_Issue13_Is400(string contentType, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks/t-none/files") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        ShouldBeProblem(response.StatusCode, problem, HttpStatusCode.BadRequest, "multipart body cannot be read");
        await ServerStillAnswersAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_ExactlyAtTheLimit_Issue13_IsRead_OneMoreIs413BodyTooLarge(bool chunked)
    {
        var (atLimit, _) = await SendSizedAsync(MaxBody, chunked);
        atLimit.ShouldBe(HttpStatusCode.NotFound);
        var (over, problem) = await SendSizedAsync(MaxBody + 1, chunked);
        over.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        problem!["title"]!.GetValue<string>().ShouldBe("Body too large");
        problem["detail"]!.GetValue<string>().ShouldContain("Weft:Api:MaxBodyBytes");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task TokenForm_OverTheLimit_Issue13_Is413BodyTooLarge()
    {
        var form = "grant_type=client_credentials&client_id=" + new string('a', 2 * MaxBody);
        // With 100-continue the client waits for the answer before it sends the body, so the server's early 413 and
        // closed connection cannot break the client's write (a race that a plain send loses now and then).
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = server.Process.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded") };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        problem!["title"]!.GetValue<string>().ShouldBe("Body too large");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task PipelineError_WithoutBody_Issue13_IsAProblem()
    {
        using var response = await Client.PutAsync("/api/v1/namespaces/default/runs", null, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["status"]!.GetValue<int>().ShouldBe(405);
    }

    /// <summary>A terminate request for a run that does not exist, its body exactly <paramref name="size"/> bytes: 404 once read, 413 if refused.</summary>
    private async Task<(HttpStatusCode, JsonNode?)> SendSizedAsync(int size, bool chunked)
    {
        var head = "{\"reason\":\""u8.ToArray();
        var body = new byte[size];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length, size - head.Length - 2).Fill((byte)'x');
        "\"}"u8.CopyTo(body.AsSpan(size - 2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/runs/r-none/terminate")
        {
            Content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        // A declared length over the limit is answered before the body is read: with 100-continue the client waits
        // for that answer instead of writing 1 MiB into a connection the server closes.
        request.Headers.ExpectContinue = !chunked;
        using var tokens = new TokenHandler(ServerProcess.BootstrapClientId, ServerProcess.BootstrapClientSecret);
        ((SocketsHttpHandler)tokens.InnerHandler!).Expect100ContinueTimeout = TimeSpan.FromSeconds(30);
        using var client = new HttpClient(tokens, disposeHandler: false) { BaseAddress = server.Process.Address };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A body sent with chunked transfer encoding in 1 KiB chunks (about 7 KiB of framing for 1 MiB).</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < body.Length; i += 1024)
            {
                await stream.WriteAsync(body.AsMemory(i, Math.Min(1024, body.Length - i)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// The subscription routes over HTTP on a server with the default outbound guard (no loopback or private targets):
/// create, read, change, delete, and every bad request answered 400 with the field named and nothing written.
/// </summary>
public sealed class WebhooksApiTests(DefaultServerFixture server) : IClassFixture<DefaultServerFixture>
{
    private const string Path = "/api/v1/namespaces/default/webhooks";
    private const string PublicUrl = "https://93.184.215.14/hooks";

    private HttpClient Client => server.Process.Client;

    [Fact]
    public async Task Subscription_CreateReadChangeDelete()
    {
        var (status, created) = await Client.SendAsync(HttpMethod.Post, Path, $$"""{ "url": "{{PublicUrl}}", "events": ["run.completed", "run.failed"], "definition": "orders" }""");
        status.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        var id = created!["id"]!.GetValue<string>();
        created["secret"]!.GetValue<string>().Length.ShouldBeGreaterThanOrEqualTo(32);

        var (_, read) = await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}");
        read!["url"]!.GetValue<string>().ShouldBe(PublicUrl);
        read["definition"]!.GetValue<string>().ShouldBe("orders");
        read["events"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["run.completed", "run.failed"]);
        read["secret"].ShouldBeNull();

        var (changedStatus, changed) = await Client.SendAsync(HttpMethod.Patch, $"{Path}/{id}", """{ "events": ["run.started"], "definition": null, "active": false }""");
        changedStatus.ShouldBe(HttpStatusCode.OK, changed?.ToJsonString());
        changed!["events"]!.AsArray().Single()!.GetValue<string>().ShouldBe("run.started");
        changed["definition"].ShouldBeNull();
        changed["active"]!.GetValue<bool>().ShouldBeFalse();
        changed["url"]!.GetValue<string>().ShouldBe(PublicUrl);

        var (_, list) = await Client.SendAsync(HttpMethod.Get, Path);
        list!.AsArray().Select(w => w!["id"]!.GetValue<string>()).ShouldContain(id);
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}/deliveries")).Body!.AsArray().ShouldBeEmpty();

        (await Client.SendAsync(HttpMethod.Delete, $"{Path}/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Delete, $"{Path}/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // body, the field named, a word the message holds
        { """{ "url": "ftp://example.com/x", "events": ["run.started"] }""", "url", "http" },
        { """{ "url": "/relative/path", "events": ["run.started"] }""", "url", "absolute" },
        { """{ "url": "http://127.0.0.1:9/hooks", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "url": "http://10.1.2.3/hooks", "events": ["run.started"] }""", "url", "internal" },
        { """{ "url": "http://[::1]:9/hooks", "events": ["run.started"] }""", "url", "outbound guard" },
        // Issue 13: the forms of localhost that DNS may not resolve (or resolves past the guard) are loopback all the same.
        { """{ "url": "http://localhost./x", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "url": "http://LOCALHOST/x", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "url": "http://localhost.localdomain/x", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "url": "http://api.localhost/x", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "url": "http://127.0.0.1./x", "events": ["run.started"] }""", "url", "outbound guard" },
        { """{ "events": ["run.started"] }""", "url", "required" },
        { $$"""{ "url": "{{PublicUrl}}" }""", "events", "required" },
        { $$"""{ "url": "{{PublicUrl}}", "events": [] }""", "events", "at least one" },
        { $$"""{ "url": "{{PublicUrl}}", "events": ["run.exploded"] }""", "events[0]", "run.exploded" },
        { $$"""{ "url": "{{PublicUrl}}", "events": ["run.started", "Run.Completed"] }""", "events[1]", "Run.Completed" },
        { $$"""{ "url": "{{PublicUrl}}", "events": "run.started" }""", "events", "list" },
        { $$"""{ "url": "{{PublicUrl}}", "events": ["run.started"], "secret": "short" }""", "secret", "16" },
        { $$"""{ "url": "{{PublicUrl}}", "events": ["run.started"], "active": "yes" }""", "active", "true or false" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadBody_400NamesTheFieldAndWritesNothing(string body, string field, string says)
    {
        var before = (await Client.SendAsync(HttpMethod.Get, Path)).Body!.AsArray().Count;
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, Path, body);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem!["field"]!.GetValue<string>().ShouldBe(field);
        problem["detail"]!.GetValue<string>().ShouldContain(says);
        (await Client.SendAsync(HttpMethod.Get, Path)).Body!.AsArray().Count.ShouldBe(before);
    }

    [Fact]
    public async Task Update_BadUrl_400AndUnchanged()
    {
        var (_, created) = await Client.SendAsync(HttpMethod.Post, Path, $$"""{ "url": "{{PublicUrl}}", "events": ["run.started"] }""");
        var id = created!["id"]!.GetValue<string>();
        var (status, problem) = await Client.SendAsync(HttpMethod.Put, $"{Path}/{id}", """{ "url": "mailto:ops@example.com" }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("url");
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}")).Body!["url"]!.GetValue<string>().ShouldBe(PublicUrl);
        (await Client.SendAsync(HttpMethod.Delete, $"{Path}/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Missing_404AndBadQuery_400()
    {
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/nowhere/webhooks")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/wh_missing")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/wh_missing/deliveries")).Status.ShouldBe(HttpStatusCode.NotFound);
        var (_, created) = await Client.SendAsync(HttpMethod.Post, Path, $$"""{ "url": "{{PublicUrl}}", "events": ["run.started"] }""");
        var id = created!["id"]!.GetValue<string>();
        var (status, problem) = await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}/deliveries?status=lost");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe("status");
        (await Client.SendAsync(HttpMethod.Get, $"{Path}/{id}/deliveries/whd_missing")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Post, $"{Path}/{id}/deliveries/whd_missing/redeliver")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Post, Path, "[1, 2]")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.SendAsync(HttpMethod.Delete, $"{Path}/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>
/// One real server with reference 001's "API access token" set to the very secret the page prints, and the page's
/// scheme <c>TestScheme</c> deployed (a set step, then a human step it waits on), shared by a test class.
/// </summary>
public sealed class WorkflowServerApiFixture : IAsyncLifetime
{
    /// <summary>The <c>client_secret</c> of the page's token request, as printed.</summary>
    public const string PageSecret = "fc9rmnuvwR6Nsbfg0H9hAxqz9OrUhK3CFjLNNj0HC7mBWT02QmyikLhk7gxQIEllCFt6Fj1Kjvf7wkgB4sXOykZUdpGuRNhWm5goUYSNF8VcL5a1Na4OcOwHMaNNAjrB";

    public const string TestScheme = """
        name: TestScheme
        description: The page's scheme code; drafts, then waits for a decision.
        steps:
          - id: draft
            kind: set
            values:
              stage: drafted
          - id: decide
            kind: human
            title: Decide
            assign: { role: managers }
            form:
              - { key: comment, label: Comment, type: string }
            actions: [approve, reject]
          - id: done
            kind: end
        """;

    private readonly TempDirectory _dir = new();

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The native API as the bootstrap administrator.</summary>
    public HttpClient Admin => Server.Client;

    /// <summary>No credential: each request says its own (a bearer header or the <c>token</c> field).</summary>
    public HttpClient Anonymous => Server.AnonymousClient;

    public async ValueTask InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>
        {
            ["Weft__Auth__ApiAccessToken"] = PageSecret,
        });
        await Admin.DeployAsync(TestScheme);
        foreach (var (id, roles) in new[] { ("ann", new JsonArray("managers")), ("bob", new JsonArray()) })
        {
            using var user = await Admin.PostAsJsonAsync("/api/v1/admin/users", new JsonObject { ["id"] = id, ["roles"] = roles });
            user.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    /// <summary>An access token from <c>/connect/token</c> for <c>client_id=workflowapi</c>, the request body as the page prints it.</summary>
    public async Task<string> PageTokenAsync(CancellationToken ct)
    {
        using var body = new StringContent($"client_id=workflowapi&client_secret={PageSecret}&grant_type=client_credentials", Encoding.ASCII, "application/x-www-form-urlencoded");
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await Anonymous.PostAsync("/connect/token", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["access_token"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}

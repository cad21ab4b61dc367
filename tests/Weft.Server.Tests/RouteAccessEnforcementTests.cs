using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Every route of the OpenAPI document, and every route outside it, answers only to a caller who may call it:
/// no token 401, a garbage, expired or foreign-signed token 401, the right role in another namespace 403, a role
/// that does not cover the route's 403, the right role passes. A route without an entry in <see cref="Table"/> fails.
/// </summary>
public sealed class RouteAccessEnforcementTests : IAsyncLifetime
{
    private abstract record Need;
    private sealed record Anyone : Need;
    private sealed record SignedIn : Need;
    private sealed record ServerAdmin : Need;
    private sealed record InNs(string Role, string Lacking) : Need;

    private static readonly Need Viewer = new InNs("viewer", "worker");
    private static readonly Need Operator = new InNs("operator", "viewer");
    private static readonly Need Author = new InNs("author", "operator");
    private static readonly Need Worker = new InNs("worker", "operator");
    private static readonly Need NsAdmin = new InNs("admin", "operator");
    private static readonly Need Admin = new ServerAdmin();
    private static readonly Need User = new SignedIn();
    private static readonly Need Open = new Anyone();

    /// <summary>Who may call each route (method and template as the OpenAPI document writes them).</summary>
    private static readonly Dictionary<string, Need> Table = new(StringComparer.Ordinal)
    {
        // Reference 000 (Workflow.WebAPI): the repository in the body or the query is the namespace.
        ["POST /Workflow.WebAPI/api/workflow/execute"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/executewithvariables"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/pause"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/resume"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/abort"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/resumeworkflowwitherrors"] = Operator,
        ["POST /Workflow.WebAPI/api/workflow/AlertEngine"] = Operator,
        ["GET /Workflow.WebAPI/api/workflow/status"] = Viewer,
        ["GET /Workflow.WebAPI/api/workflow/lastinstance"] = Viewer,
        ["GET /Workflow.WebAPI/api/workflow/activityoutput"] = Viewer,
        ["GET /"] = Open,
        ["GET /health"] = Open,
        ["GET /openapi/v1.json"] = Open,
        ["GET /.well-known/openid-configuration"] = Open,
        ["GET /.well-known/jwks.json"] = Open,
        ["POST /connect/token"] = Open,
        ["GET /connect/authorize"] = Open,
        ["POST /connect/authorize"] = Open,
        ["GET /api/users/search"] = User,
        ["POST /api/v1/tokens"] = User,
        ["GET /api/v1/tokens"] = User,
        ["DELETE /api/v1/tokens/{id}"] = User,
        ["POST /api/v1/admin/users"] = Admin,
        ["GET /api/v1/admin/users"] = Admin,
        ["GET /api/v1/admin/users/{id}"] = Admin,
        ["PATCH /api/v1/admin/users/{id}"] = Admin,
        ["POST /api/v1/admin/users/{id}/tokens"] = Admin,
        ["PUT /api/v1/admin/users/{id}/roles/{ns}/{role}"] = Admin,
        ["DELETE /api/v1/admin/users/{id}/roles/{ns}/{role}"] = Admin,
        ["POST /api/v1/admin/clients"] = Admin,
        ["GET /api/v1/admin/clients"] = Admin,
        ["PATCH /api/v1/admin/clients/{id}"] = Admin,
        ["DELETE /api/v1/admin/clients/{id}"] = Admin,
        ["POST /api/v1/admin/clients/{id}/secret"] = Admin,
        ["PUT /api/v1/admin/clients/{id}/roles/{ns}/{role}"] = Admin,
        ["DELETE /api/v1/admin/clients/{id}/roles/{ns}/{role}"] = Admin,
        ["GET /api/v1/admin/keys"] = Admin,
        ["POST /api/v1/admin/keys/rotate"] = Admin,
        ["GET /api/v1/namespaces"] = User,
        ["PUT /api/v1/namespaces/{ns}"] = Admin,
        ["POST /api/v1/namespaces/{ns}/definitions"] = Author,
        ["GET /api/v1/namespaces/{ns}/definitions"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/definitions/{name}"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/definitions/{name}/versions"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/definitions/{name}/versions/{version}"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/definitions/{name}/runs/latest"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/runs"] = Operator,
        ["GET /api/v1/namespaces/{ns}/runs"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/runs/{id}"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/runs/{id}/history"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/terminate"] = Operator,
        ["GET /api/v1/namespaces/{ns}/runs/{id}/steps/{step}"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/runs/{id}/variables/{name}"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/pause"] = Operator,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/resume"] = Operator,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/retry"] = Operator,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/resume-with-errors"] = Operator,
        ["POST /api/v1/namespaces/{ns}/events"] = Operator,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/events"] = Operator,
        ["GET /api/v1/namespaces/{ns}/schedules"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/schedules/{definition}/{id}/pause"] = Operator,
        ["POST /api/v1/namespaces/{ns}/schedules/{definition}/{id}/resume"] = Operator,
        ["POST /api/v1/namespaces/{ns}/tasks"] = Operator,
        ["GET /api/v1/tasks"] = User,
        ["GET /api/v1/tasks/{id}"] = User,
        ["POST /api/v1/tasks/{id}/fields"] = User,
        ["POST /api/v1/tasks/{id}/complete"] = User,
        ["POST /api/v1/tasks/{id}/claim"] = User,
        ["POST /api/v1/tasks/{id}/files"] = User,
        ["GET /api/v1/tasks/{id}/files"] = User,
        ["GET /api/v1/tasks/{id}/files/{fileId}"] = User,
        ["POST /api/v1/namespaces/{ns}/queues/{queue}/poll"] = Worker,
        ["GET /api/v1/namespaces/{ns}/integration-items/{id}"] = Worker,
        ["POST /api/v1/namespaces/{ns}/integration-items/{id}/heartbeat"] = Worker,
        ["POST /api/v1/namespaces/{ns}/integration-items/{id}/fields"] = Worker,
        ["POST /api/v1/namespaces/{ns}/integration-items/{id}/complete"] = Worker,
        ["POST /api/v1/namespaces/{ns}/integration-items/{id}/fail"] = Worker,
        ["POST /api/v1/namespaces/{ns}/cases"] = Operator,
        ["GET /api/v1/namespaces/{ns}/cases"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/cases/{id}"] = Viewer,
        ["PUT /api/v1/namespaces/{ns}/cases/{id}"] = Operator,
        ["PATCH /api/v1/namespaces/{ns}/cases/{id}"] = Operator,
        ["POST /api/v1/namespaces/{ns}/cases/{id}/erase"] = NsAdmin,
        ["DELETE /api/v1/namespaces/{ns}/cases/{id}/personal-data"] = NsAdmin,
        ["GET /api/v1/namespaces/{ns}/cases/{id}/runs"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/parameter-sets"] = Operator,
        ["GET /api/v1/namespaces/{ns}/parameter-sets"] = Viewer,
        ["GET /api/v1/namespaces/{ns}/parameter-sets/{id}"] = Viewer,
        ["PUT /api/v1/namespaces/{ns}/parameter-sets/{id}"] = Operator,
        ["DELETE /api/v1/namespaces/{ns}/parameter-sets/{id}"] = Operator,
        ["GET /api/v1/namespaces/{ns}/runs/{id}/result"] = Viewer,
        ["POST /api/v1/namespaces/{ns}/runs/{id}/rerun"] = Operator,
        ["POST /api/v1/namespaces/{ns}/webhooks"] = NsAdmin,
        ["GET /api/v1/namespaces/{ns}/webhooks"] = NsAdmin,
        ["GET /api/v1/namespaces/{ns}/webhooks/{id}"] = NsAdmin,
        ["PUT /api/v1/namespaces/{ns}/webhooks/{id}"] = NsAdmin,
        ["PATCH /api/v1/namespaces/{ns}/webhooks/{id}"] = NsAdmin,
        ["DELETE /api/v1/namespaces/{ns}/webhooks/{id}"] = NsAdmin,
        ["GET /api/v1/namespaces/{ns}/webhooks/{id}/deliveries"] = Operator,
        ["GET /api/v1/namespaces/{ns}/webhooks/{id}/deliveries/{deliveryId}"] = Operator,
        ["POST /api/v1/namespaces/{ns}/webhooks/{id}/deliveries/{deliveryId}/redeliver"] = NsAdmin,
        // Reference 001's Workflow API: one rule for every operation, in the namespace it is configured with (or tenantId's).
        ["GET /workflowapi"] = Operator,
        ["POST /workflowapi"] = Operator,
        ["GET /workflowapi/{operation}"] = Operator,
        ["POST /workflowapi/{operation}"] = Operator,
        ["GET /workflowapi/{operation}/{processId}"] = Operator,
        ["POST /workflowapi/{operation}/{processId}"] = Operator,
    };

    /// <summary>Routes outside the OpenAPI document (the home page, the OIDC endpoints and the document itself).</summary>
    private static readonly string[] Undocumented =
    [
        "GET /", "GET /openapi/v1.json", "GET /.well-known/openid-configuration", "GET /.well-known/jwks.json",
        "POST /connect/token", "GET /connect/authorize", "POST /connect/authorize",
    ];

    private readonly TempDirectory _dir = new();
    private ServerProcess _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task EveryRoute_AnswersOnlyToACallerWhoMayCallIt()
    {
        var routes = await RoutesAsync();
        routes.Where(r => !Table.ContainsKey(r)).ShouldBeEmpty("routes without an entry in the access table");
        Table.Keys.Where(k => !routes.Contains(k)).ShouldBeEmpty("entries for routes the server no longer has");

        using (var other = await _server.Client.PutAsync("/api/v1/namespaces/other", null, Ct)) other.IsSuccessStatusCode.ShouldBeTrue();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { ["*:admin"] = await _server.Tokens.AdminTokenAsync(_server.Address, Ct) };
        foreach (var role in new[] { "viewer", "operator", "author", "worker", "admin" })
        {
            var id = "c-" + role;
            var secret = await _server.CreateClientAsync(id, [("default", role)]);
            tokens["default:" + role] = await _server.ClientTokenAsync(id, secret);
            var otherId = "c-other-" + role;
            tokens["other:" + role] = await _server.ClientTokenAsync(otherId, await _server.CreateClientAsync(otherId, [("other", role)]));
        }
        var (kid, key) = AuthKit.ServerSigningKey(_dir.Path);
        var issuer = _server.Address.ToString().TrimEnd('/');
        var expired = AuthKit.Forge(issuer, kid, key, ["*:admin"], DateTime.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
        using var foreignKey = RSA.Create(2048);
        var foreign = AuthKit.Forge(issuer, kid, foreignKey, ["*:admin"], DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(10));
        // The control: the same forging with the server's own key and a live lifetime is accepted, so the two above fail for one reason each.
        (await SendAsync("GET /api/v1/admin/keys", AuthKit.Forge(issuer, kid, key, ["*:admin"], DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(10)))).ShouldBe(HttpStatusCode.OK);

        var failures = new List<string>();
        foreach (var route in routes.Order(StringComparer.Ordinal))
        {
            var need = Table[route];
            void Expect(string what, HttpStatusCode actual, Func<HttpStatusCode, bool> ok)
            {
                if (!ok(actual)) failures.Add($"{route}: {what} answered {(int)actual}");
            }
            static bool Passes(HttpStatusCode s) => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)s < 500;
            if (need is Anyone)
            {
                Expect("no token", await SendAsync(route, null), Passes);
                continue;
            }
            Expect("no token", await SendAsync(route, null), s => s == HttpStatusCode.Unauthorized);
            Expect("a garbage token", await SendAsync(route, "not-a-token"), s => s == HttpStatusCode.Unauthorized);
            Expect("an unknown API token", await SendAsync(route, "weft_" + new string('A', 43)), s => s == HttpStatusCode.Unauthorized);
            Expect("an expired token", await SendAsync(route, expired), s => s == HttpStatusCode.Unauthorized);
            Expect("a foreign-signed token", await SendAsync(route, foreign), s => s == HttpStatusCode.Unauthorized);
            switch (need)
            {
                case InNs ns:
                    Expect("the role in another namespace", await SendAsync(route, tokens["other:" + ns.Role]), s => s == HttpStatusCode.Forbidden);
                    Expect($"the role '{ns.Lacking}'", await SendAsync(route, tokens["default:" + ns.Lacking]), s => s == HttpStatusCode.Forbidden);
                    Expect("the right role", await SendAsync(route, tokens["default:" + ns.Role]), Passes);
                    Expect("a namespace admin", await SendAsync(route, tokens["default:admin"]), Passes);
                    break;
                case ServerAdmin:
                    Expect("an admin of one namespace", await SendAsync(route, tokens["default:admin"]), s => s == HttpStatusCode.Forbidden);
                    Expect("a server admin", await SendAsync(route, tokens["*:admin"]), Passes);
                    break;
                case SignedIn:
                    Expect("a viewer", await SendAsync(route, tokens["other:viewer"]), Passes);
                    break;
            }
        }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Unauthenticated_AnswersProblemDetailsWithBearerChallenge()
    {
        using var response = await _server.AnonymousClient.GetAsync("/api/v1/namespaces/default/runs", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var forbidden = await SendRawAsync("GET /api/v1/admin/keys", await _server.ClientTokenAsync("c-v", await _server.CreateClientAsync("c-v", [("default", "viewer")])));
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.Parse(await forbidden.Content.ReadAsStringAsync(Ct))!["type"]!.GetValue<string>().ShouldBe("https://weft.dev/problems/forbidden");
    }

    private async Task<HashSet<string>> RoutesAsync()
    {
        var document = JsonNode.Parse(await _server.AnonymousClient.GetStringAsync("/openapi/v1.json", Ct))!;
        var routes = new HashSet<string>(Undocumented, StringComparer.Ordinal);
        foreach (var (path, operations) in document["paths"]!.AsObject())
            foreach (var (method, _) in operations!.AsObject())
                if (method is "get" or "post" or "put" or "patch" or "delete") routes.Add(method.ToUpperInvariant() + " " + path);
        return routes;
    }

    private async Task<HttpStatusCode> SendAsync(string route, string? bearer)
    {
        using var response = await SendRawAsync(route, bearer);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendRawAsync(string route, string? bearer)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        var path = route[(space + 1)..]
            .Replace("{ns}", "default", StringComparison.Ordinal)
            .Replace("{version}", "1", StringComparison.Ordinal)
            .Replace("{role}", "viewer", StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "no-such-thing");
        // A surface that names the namespace in the body or the query (reference 000's repository, repo) is sent 'default' there.
        var surface = path.StartsWith("/Workflow.WebAPI/", StringComparison.Ordinal);
        if (surface && route.StartsWith("GET ", StringComparison.Ordinal)) path += "?repo=default";
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete) request.Content = new StringContent(surface ? """{"repository":"default"}""" : "{}", Encoding.UTF8, "application/json");
        return await _server.AnonymousClient.SendAsync(request, Ct);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Contracts;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// The OpenAPI document against the contract records and what the handlers bind (issue 14, point 2), its security
/// schemes and the 415 that names the content types (point 6), over a real server process.
/// </summary>
public sealed class ContractsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    /// <summary>JSON-body routes whose schema is no contract record: free JSON (a task's field values) or a definition's source.</summary>
    private static readonly string[] FreeBodies = ["POST /api/v1/tasks/{id}/fields", "POST /api/v1/namespaces/{ns}/definitions"];

    [Fact]
    public async Task OpenApi_EveryJsonBodyRoute_DocumentsTheContractRecordItBinds()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var checkedRoutes = new List<string>();
        var free = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
                var route = $"{method.ToUpperInvariant()} {path}";
                var name = schema["$ref"]?.GetValue<string>().Split('/')[^1];
                var type = name is null ? null : typeof(WeftJsonContext).Assembly.GetTypes().SingleOrDefault(t => t.Name == name && t.IsPublic);
                if (type is null)
                {
                    free.Add(route);
                    continue;
                }
                var documented = schemas[name!]!["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
                var bound = WeftJsonContext.Default.GetTypeInfo(type)!.Properties.Select(p => p.Name).Order().ToList();
                documented.ShouldBe(bound, $"{route} documents {name} with other fields than the record has");
                checkedRoutes.Add(route);
            }
        }
        free.Order().ShouldBe(FreeBodies.Order(), "a JSON-body route documents a body that is no contract record");
        checkedRoutes.Count.ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task JsonBodyRoutes_ExtraMadeUpField_Answer400NamingIt()
    {
        var (us, _) = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/users", """{ "id": "contracts-user" }""");
        us.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        var (cs, _) = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/clients", """{ "clientId": "contracts-client" }""");
        cs.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        var (_, created) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/cases", """{ "firstName": "Ada" }""");
        var caseId = created!["id"]!.GetValue<string>();

        var document = await DocumentAsync();
        var tried = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (operation!["requestBody"]?["content"]?["application/json"] is null) continue;
                var route = $"{method.ToUpperInvariant()} {path}";
                // The start body is bound by the StartRun command (issue 14, point 1); its reader is checked below.
                if (FreeBodies.Contains(route) || route == "POST /api/v1/namespaces/{ns}/runs") continue;
                var url = path.Replace("{ns}", "default", StringComparison.Ordinal).Replace("{queue}", "q", StringComparison.Ordinal)
                    .Replace("{id}", path.StartsWith("/api/v1/admin/users", StringComparison.Ordinal) ? "contracts-user"
                        : path.StartsWith("/api/v1/admin/clients", StringComparison.Ordinal) ? "contracts-client"
                        : path.Contains("/cases/", StringComparison.Ordinal) ? caseId : "no-such-id", StringComparison.Ordinal);
                var (status, body) = await Client.SendAsync(new HttpMethod(method.ToUpperInvariant()), url, """{ "zzMadeUp": 1 }""");
                status.ShouldBe(HttpStatusCode.BadRequest, $"{route}: {body?.ToJsonString()}");
                body!.ToJsonString().ShouldContain("zzMadeUp", customMessage: route);
                tried++;
            }
        }
        tried.ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task RerunBody_WrongType_NamesTheFieldInApiTerms()
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs/no-such-id/rerun", """{ "fromStep": 5 }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["field"]!.GetValue<string>().ShouldBe("fromStep");
        body["detail"]!.GetValue<string>().ShouldBe("'fromStep' must be a string.");

        (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/parameter-sets", """{ "name": "p", "definition": "hello", "version": 1.5 }""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["field"]!.GetValue<string>().ShouldBe("version");
        body["detail"]!.GetValue<string>().ShouldBe("'version' must be a whole number.");
        body.ToJsonString().ShouldNotContain("System.");
    }

    [Fact]
    public async Task OpenApi_DeclaresBearerAndClientCredentials_AndRequiresThemWhereATokenIsNeeded()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!;
        schemes["bearer"]!["type"]!.GetValue<string>().ShouldBe("http");
        schemes["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        schemes["bearer"]!["bearerFormat"]!.GetValue<string>().ShouldBe("JWT");
        schemes["oauth2"]!["type"]!.GetValue<string>().ShouldBe("oauth2");
        schemes["oauth2"]!["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>().ShouldBe("/connect/token");
        var open = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var security = operation!["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList() ?? [];
                if (security.Count == 0) open.Add($"{method.ToUpperInvariant()} {path}");
                else security.ShouldBe(["bearer", "oauth2"], path);
            }
        }
        open.ShouldBe(["GET /health"], "only these routes are open to anyone");
    }

    [Fact]
    public async Task UnsupportedMediaType_SaysWhichContentTypesTheRouteTakes()
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/runs/some-run/rerun", "fromStep=a", "application/x-www-form-urlencoded");
        status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        body!["status"]!.GetValue<int>().ShouldBe(415);
        body["detail"]!.GetValue<string>().ShouldStartWith("This route takes application/json;");
        body["accepts"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["application/json"]);

        (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", "PNG", "image/png");
        status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        body!["detail"]!.GetValue<string>().ShouldBe("This route takes application/yaml, application/json, application/x-yaml, text/yaml, text/plain; the request's Content-Type is 'image/png; charset=utf-8'.");
    }

    [Fact]
    public async Task Responses_AreCamelCase_AndLeaveNullsOut()
    {
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"));
        var id = await Client.StartAsync("hello", new() { ["name"] = "Ada" });
        var run = (await Client.WaitEndedAsync(id)).AsObject();
        run.Select(p => p.Key).ShouldBe(
            ["id", "namespace", "definition", "definitionVersion", "definitionId", "status", "input", "variables", "output", "createdAt", "updatedAt", "endedAt", "steps", "scopes", "tags", "number"],
            ignoreOrder: true);
        run["steps"]![0]!.AsObject().Select(p => p.Key).ShouldBe(["id", "key", "kind", "status", "attempts", "output", "startedAt", "endedAt"], ignoreOrder: true);
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        history!["events"]![0]!.AsObject().Select(p => p.Key).ShouldBe(["seq", "at", "type", "data"], ignoreOrder: true);
        var (_, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?definition=no-such-definition");
        list!.AsObject().Select(p => p.Key).ShouldBe(["items"]);
        var (_, bad) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", "name: x\nsteps: [", "application/yaml");
        bad!["errors"]![0]!.AsObject().Select(p => p.Key).ShouldBe(["message", "line", "column"], ignoreOrder: true);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var (status, document) = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        return document!;
    }
}

using System.Net;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

public sealed class DefinitionsApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Deploy_SameDefinitionTwice_ReturnsSameVersion_ChangedOneIsNext()
    {
        var yaml = "name: versioned\nsteps:\n  - id: a\n    kind: set\n    values: { x: 1 }\n";
        var (s1, first) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        var (s2, again) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        var (s3, next) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml.Replace("x: 1", "x: 2"), "application/yaml");
        (s1, s2, s3).ShouldBe((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created));
        first!["version"]!.GetValue<int>().ShouldBe(1);
        again!["id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        next!["version"]!.GetValue<int>().ShouldBe(2);
        next["name"]!.GetValue<string>().ShouldBe("versioned");
        next["namespace"]!.GetValue<string>().ShouldBe("default");

        var (ls, latest) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/versioned");
        ls.ShouldBe(HttpStatusCode.OK);
        latest!["version"]!.GetValue<int>().ShouldBe(2);
        var (vs, v1) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/versioned/versions/1");
        vs.ShouldBe(HttpStatusCode.OK);
        v1!["source"]!.GetValue<string>().ShouldBe(yaml);
        var (_, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions");
        list!.AsArray().Where(d => d!["name"]!.GetValue<string>() == "versioned").Select(d => d!["version"]!.GetValue<int>()).ShouldBe([2]);
    }

    [Fact]
    public async Task Deploy_JsonForm_IsTheSameModelAsYaml()
    {
        var json = ServerProcess.Sample("order-routing.json");
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", json);
        status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        body!["format"]!.GetValue<string>().ShouldBe("json");
        var id = await Client.StartAsync("order-routing", new() { ["amount"] = 2500, ["customer"] = "acme" });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!["decision"]!.GetValue<string>().ShouldBe("review");
        run["output"]!["customer"]!.GetValue<string>().ShouldBe("ACME");
    }

    [Fact]
    public async Task Deploy_MalformedYaml_Is400WithLineAndColumn()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions",
            "name: broken\nsteps:\n  - id: a\n    kind: set\n   values: [1, 2\n", "application/yaml");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["type"]!.GetValue<string>().ShouldEndWith("definition-syntax");
        problem["line"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(4);
        problem["column"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Deploy_YamlIndentedWithATab_Is400AtTheTabsLineAndColumn()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions",
            "name: tabbed\nsteps:\n  - id: a\n    kind: set\n    values:\n  \t  p: 1\n", "application/yaml");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["type"]!.GetValue<string>().ShouldEndWith("definition-syntax");
        (problem["line"]!.GetValue<int>(), problem["column"]!.GetValue<int>()).ShouldBe((6, 3));
        problem["detail"]!.GetValue<string>().ShouldContain("tab in the indentation");
    }

    [Fact]
    public async Task Deploy_MalformedJson_Is400WithLineAndColumn()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions",
            "{\n  \"name\": \"x\",\n  \"steps\": [ { \"id\": \"a\" \"kind\": \"set\" } ]\n}", "application/json");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["line"]!.GetValue<int>().ShouldBe(3);
        problem["column"]!.GetValue<int>().ShouldBe(26);
    }

    [Fact]
    public async Task Deploy_SemanticErrors_Is422ListingEveryProblemWithStepAndField()
    {
        var yaml = """
            name: bad
            steps:
              - id: a
                kind: teleport
              - id: b
                kind: switch
                cases:
                  - when: ${ input.x > }
                    goto: nowhere
              - id: b
                kind: set
                values: { y: 1 }
            """;
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        status.ShouldBe((HttpStatusCode)422);
        var errors = problem!["errors"]!.AsArray();
        errors.Count.ShouldBeGreaterThanOrEqualTo(4);
        errors.ShouldContain(e => e!["step"]!.GetValue<string>() == "a" && e["field"]!.GetValue<string>() == "kind");
        errors.ShouldContain(e => e!["step"]!.GetValue<string>() == "b" && e["field"]!.GetValue<string>() == "cases[0].when" && e["line"]!.GetValue<int>() == 8);
        errors.ShouldContain(e => e!["message"]!.GetValue<string>().Contains("nowhere"));
        errors.ShouldContain(e => e!["message"]!.GetValue<string>().Contains("more than once"));
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/bad")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deploy_LoopWithNoExit_Is422()
    {
        var yaml = "name: spin\nsteps:\n  - id: a\n    kind: set\n    values: { x: 1 }\n    next: b\n  - id: b\n    kind: set\n    values: { x: 2 }\n    next: a\n";
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        status.ShouldBe((HttpStatusCode)422);
        problem!["detail"]!.GetValue<string>().ShouldContain("problems");
        problem["errors"]!.AsArray().ShouldContain(e => e!["message"]!.GetValue<string>().Contains("loop with no way out"));
    }

    [Fact]
    public async Task Deploy_BodyOverLimit_Is413()
    {
        var yaml = "name: big\ndescription: " + new string('x', 70_000) + "\nsteps:\n  - id: a\n    kind: end\n";
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", yaml, "application/yaml");
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        problem!["type"]!.GetValue<string>().ShouldEndWith("too-large");
    }

    [Fact]
    public async Task UnknownNamespaceOrDefinition_Is404ProblemDetails()
    {
        var (s1, p1) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nope/definitions", ServerProcess.Sample("hello.yaml"), "application/yaml");
        s1.ShouldBe(HttpStatusCode.NotFound);
        p1!["detail"]!.GetValue<string>().ShouldContain("nope");
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/missing")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/definitions/hello/versions/99")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/nope/runs")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Namespace_Created_ThenUsable()
    {
        (await Client.SendAsync(HttpMethod.Put, "/api/v1/namespaces/team-x")).Status.ShouldBe(HttpStatusCode.Created);
        (await Client.SendAsync(HttpMethod.Put, "/api/v1/namespaces/team-x")).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.SendAsync(HttpMethod.Put, "/api/v1/namespaces/Bad_Name")).Status.ShouldBe(HttpStatusCode.BadRequest);
        await Client.DeployAsync(ServerProcess.Sample("hello.yaml"), "team-x");
        var id = await Client.StartAsync("hello", new() { ["name"] = "X" }, "team-x");
        (await Client.WaitEndedAsync(id, ns: "team-x"))["status"]!.GetValue<string>().ShouldBe("completed");
        (await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheNativeRoutes()
    {
        var (status, doc) = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/namespaces/{ns}/definitions");
        paths.ShouldContain("/api/v1/namespaces/{ns}/definitions/{name}");
        paths.ShouldContain("/api/v1/namespaces/{ns}/definitions/{name}/versions/{version}");
        paths.ShouldContain("/api/v1/namespaces/{ns}/runs");
        paths.ShouldContain("/api/v1/namespaces/{ns}/runs/{id}");
        paths.ShouldContain("/api/v1/namespaces/{ns}/runs/{id}/history");
        paths.ShouldContain("/api/v1/namespaces/{ns}/runs/{id}/terminate");
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>
/// The ids the seeds aim at, made by valid requests before fuzzing (and again now and then, since the
/// fuzzing terminates, completes and deletes what it reaches): runs waiting, failed and completed, a
/// task of the caller's, an integration item under lease, a case, a parameter set, a webhook, an API
/// token, a user and a client. An id that could not be made stays a well-formed id that names nothing.
/// </summary>
internal sealed class FuzzTargets
{
    private const string Nothing = "01a2ffff-ffff-7fff-bfff-ffffffffffff";

    public string Suffix { get; private init; } = "0";

    private int _counter;

    /// <summary>A number that grows with every call: unique business keys, and a walk over the hostile definitions, the same from run to run.</summary>
    public int Next() => ++_counter;

    public string WaitingRun { get; private set; } = Nothing;

    public string FailedRun { get; private set; } = Nothing;

    public string CompletedRun { get; private set; } = Nothing;

    public string Task { get; private set; } = Nothing;

    public string Item { get; private set; } = Nothing;

    public long LeaseToken { get; private set; } = 1;

    public string Case { get; private set; } = Nothing;

    public string ParameterSet { get; private set; } = Nothing;

    public string Webhook { get; private set; } = Nothing;

    public string ApiToken { get; private set; } = Nothing;

    public string User { get; private set; } = "fuzz-user";

    public string Client { get; private set; } = "fuzz-client";

    /// <summary>Deploys the samples and the hostile definitions and makes one of every target; <paramref name="generation"/> keeps names apart.</summary>
    public static async Task<FuzzTargets> SetUpAsync(HttpClient http, string samples, int generation)
    {
        var t = new FuzzTargets { Suffix = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        const string ns = "/api/v1/namespaces/default";
        foreach (var sample in FuzzCorpus.Samples)
        {
            using var content = new StringContent(File.ReadAllText(Path.Combine(samples, sample)), Encoding.UTF8, sample.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/yaml");
            using var _ = await http.PostAsync(ns + "/definitions", content);
        }
        if (generation == 0)
        {
            for (var i = 0; i < FuzzCorpus.HostileDefinitions; i++)
                await SendAsync(http, HttpMethod.Post, ns + "/definitions", FuzzCorpus.HostileDefinition(i), "application/yaml");
        }
        await SendAsync(http, HttpMethod.Post, ns + "/definitions", FuzzCorpus.FailingDefinition, "application/yaml");
        t.WaitingRun = await IdAsync(http, ns + "/runs", $$$"""{"definition":"event-wait","input":{"orderId":"fuzz-{{{t.Suffix}}}"}}""") ?? Nothing;
        t.FailedRun = await IdAsync(http, ns + "/runs", """{"definition":"fuzz-fail","input":{}}""") ?? Nothing;
        t.CompletedRun = await IdAsync(http, ns + "/runs", """{"definition":"hello","input":{"name":"Ada"}}""") ?? Nothing;
        t.Task = await IdAsync(http, ns + "/tasks", """{"title":"Fuzz","form":[{"key":"note","type":"string"}],"actions":["done","no"]}""") ?? Nothing;
        t.Case = await IdAsync(http, ns + "/cases", """{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","attributes":{"tier":"gold"}}""") ?? Nothing;
        t.ParameterSet = await IdAsync(http, ns + "/parameter-sets", $$$"""{"name":"fuzz-{{{t.Suffix}}}","definition":"case-greeting","input":{"greeting":"Hi"}}""") ?? Nothing;
        t.Webhook = await IdAsync(http, ns + "/webhooks", $$$"""{"url":"{{{FuzzMutator.SafeUrl}}}/hook","events":["run.completed"]}""") ?? Nothing;
        t.ApiToken = await IdAsync(http, "/api/v1/tokens", $$$"""{"name":"fuzz-{{{t.Suffix}}}","lifeTimeInSec":3600}""") ?? Nothing;
        t.User = (await SendAsync(http, HttpMethod.Post, "/api/v1/admin/users", $$$"""{"id":"fuzz-user-{{{t.Suffix}}}","name":"Fuzz","roles":["managers"]}"""))?["id"]?.ToString() ?? t.User;
        t.Client = (await SendAsync(http, HttpMethod.Post, "/api/v1/admin/clients", $$$"""{"clientId":"fuzz-client-{{{t.Suffix}}}","name":"Fuzz"}"""))?["clientId"]?.ToString() ?? t.Client;
        await IdAsync(http, ns + "/runs", """{"definition":"integration","input":{"customer":"Ada","amount":1200.5}}""");
        if (await SendAsync(http, HttpMethod.Post, ns + "/queues/credit-check/poll", """{"workerId":"fuzz","max":1,"leaseSeconds":600,"waitSeconds":2}""") is JsonArray { Count: > 0 } items)
        {
            t.Item = items[0]!["id"]!.ToString();
            t.LeaseToken = items[0]!["leaseToken"]?.GetValue<long>() ?? 1;
        }
        return t;
    }

    private static async Task<string?> IdAsync(HttpClient http, string path, string body) =>
        (await SendAsync(http, HttpMethod.Post, path, body))?["id"]?.ToString();

    private static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return null;
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonNode>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>Valid requests of every write route of the native API (docs/api.md), the seeds the mutator starts from.</summary>
internal static class FuzzCorpus
{
    /// <summary>The samples deployed before fuzzing, whose YAML and JSON are also the deploy seeds.</summary>
    public static readonly string[] Samples =
    [
        "hello.yaml", "approval.yaml", "event-wait.yaml", "integration.yaml", "case-greeting.yaml", "scheduled.yaml", "rerun.yaml",
        "foreach.yaml", "parallel.yaml", "while.yaml", "saga.yaml", "order-routing.json",
    ];

    public const string FailingDefinition = "name: fuzz-fail\nsteps:\n  - id: boom\n    kind: fail\n    error: on purpose\n  - id: after\n    kind: set\n    values: { x: 1 }\n";

    /// <summary>Expressions that parse and then, run, loop, allocate, backtrack or recurse (the last one 20,000 deep in the interpreter).</summary>
    private static readonly string[] RunTimeHostile =
    [
        "${ (function(){ while (true) {} })() }",
        "${ 'x'.repeat(1 << 29) }",
        "${ new Array(100000000).fill(0).length }",
        "${ /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!') }",
        "${ (function f(n){ return f(n + 1) + 1; })(0) }",
        "${ JSON.parse('['.repeat(100000) + ']'.repeat(100000)) }",
        "${ this.constructor.constructor('return process')() }",
        "${ (function(){ var a = []; for (;;) a.push(a.slice()); })() }",
        "${ Array(1000000000).join('x') }",
        "${ " + string.Join("+", Enumerable.Repeat("1", 20_000)) + " }",
    ];

    /// <summary>The definitions <c>fuzz-js-0</c> to <c>fuzz-js-(n-1)</c>, deployed before fuzzing and started by the hostile-run seeds.</summary>
    public static int HostileDefinitions => RunTimeHostile.Length;

    /// <summary>A definition named <c>fuzz-js-i</c> whose set step evaluates the i-th run-time hostile expression when a run starts.</summary>
    public static string HostileDefinition(int i) => SetStep($"fuzz-js-{i}", Quote(RunTimeHostile[i]));

    /// <summary>Definitions that nest 20,000 deep where the definition reader or the expression parser recurses: in a template, in an expression.</summary>
    public static string DeepDefinition(int k)
    {
        const int depth = 20_000;
        string Nest(string open, string close, string inner) => string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));
        return (k % 5) switch
        {
            0 => SetStep("fuzz-deep", Nest("[", "]", "1")),
            1 => SetStep("fuzz-deep", Nest("{a: ", "}", "1")),
            2 => SetStep("fuzz-deep", Quote("${ " + Nest("(", ")", "1") + " }")),
            3 => SetStep("fuzz-deep", Quote("${ " + Nest("[", "]", "1") + " }")),
            _ => SetStep("fuzz-deep", Quote("${ " + Nest("{a:", "}", "1") + " }")),
        };
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string SetStep(string name, string value) =>
        $"name: {name}\nsteps:\n  - id: evil\n    kind: set\n    values:\n      x: {value}\noutput:\n  x: ${{ vars.x }}\n";

    private const string Ns = "/api/v1/namespaces/default";

    private static FuzzSeed Json(string route, HttpMethod method, Func<FuzzTargets, string> path, Func<FuzzTargets, string>? body) =>
        new(route, method, path, body is null ? BodyKind.None : BodyKind.Json, body is null ? null : "application/json", body);

    public static IReadOnlyList<FuzzSeed> Seeds(string samples)
    {
        var seeds = new List<FuzzSeed>();
        foreach (var sample in Samples)
        {
            var text = File.ReadAllText(Path.Combine(samples, sample));
            var json = sample.EndsWith(".json", StringComparison.Ordinal);
            seeds.Add(new("POST /definitions", HttpMethod.Post, _ => Ns + "/definitions", json ? BodyKind.Json : BodyKind.Yaml, json ? "application/json" : "application/yaml", _ => text));
        }
        seeds.Add(new("POST /definitions", HttpMethod.Post, _ => Ns + "/definitions", BodyKind.Yaml, "text/plain", _ => FailingDefinition));
        seeds.Add(new("POST /definitions", HttpMethod.Post, _ => Ns + "/definitions", BodyKind.Yaml, "application/yaml", _ => HostileDefinition(3)));
        seeds.Add(new("POST /definitions", HttpMethod.Post, _ => Ns + "/definitions", BodyKind.Yaml, "application/yaml", _ => SetStep("fuzz-template", "{ a: [1, \"${ input.x }\"], b: { c: true } }")));
        seeds.Add(new("POST /definitions", HttpMethod.Post, _ => Ns + "/definitions", BodyKind.Json, "application/json", _ => """{"name":"fuzz-template","steps":[{"id":"s","kind":"set","values":{"a":[1,"${ input.x }"],"b":{"c":true}}}],"output":{"x":"${ vars.a }"}}"""));

        // Runs: the hello run in every shape the start body has, and the hostile definitions (their expression runs in the start request).
        seeds.Add(Json("POST /runs", HttpMethod.Post, _ => Ns + "/runs", _ => """{"definition":"hello","input":{"name":"Ada"}}"""));
        seeds.Add(Json("POST /runs", HttpMethod.Post, _ => Ns + "/runs", t => $$$"""
            {"definition":"hello","version":1,"input":{"name":"Ada"},"tags":{"region":"eu","tier":"gold"},"businessKey":"fuzz-{{{t.Suffix}}}-{{{t.Next()}}}",
             "variables":[{"id":1,"name":"quantity","value":3,"type":"integer"},{"name":"price","value":"2.50","type":"decimal"},{"name":"at","value":"2026-01-01T00:00:00Z","type":"datetime"}]}
            """));
        seeds.Add(Json("POST /runs", HttpMethod.Post, _ => Ns + "/runs", t => $$$"""{"definition":"case-greeting","case":"{{{t.Case}}}","parameterSet":"{{{t.ParameterSet}}}","input":{"punctuation":"!"}}"""));
        seeds.Add(Json("POST /runs", HttpMethod.Post, _ => Ns + "/runs", _ => $$$"""{"definition":"approval","input":{"employee":"erin","amount":2500,"payUrl":"{{{FuzzMutator.SafeUrl}}}/pay"}}"""));
        seeds.Add(Json("POST /runs", HttpMethod.Post, _ => Ns + "/runs", _ => """{"definition":"order-routing","input":{"amount":"1200.50","customer":"ada"}}"""));
        // Mostly sent as they are: a mutated one is refused before anything hostile runs.
        for (var i = 0; i < 3; i++)
        {
            seeds.Add(Json("POST /runs (hostile expression)", HttpMethod.Post, _ => Ns + "/runs", t => $$$"""{"definition":"fuzz-js-{{{t.Next() % HostileDefinitions}}}","input":{}}""") with { Intact = true });
        }
        seeds.Add(new FuzzSeed("POST /definitions (20,000 deep)", HttpMethod.Post, _ => Ns + "/definitions", BodyKind.Yaml, "application/yaml", t => DeepDefinition(t.Next())) { Intact = true });

        // Run control.
        const string run = "/runs/{id}";
        foreach (var action in new[] { "pause", "resume", "terminate" })
        {
            seeds.Add(Json($"POST {run}/{action}", HttpMethod.Post, t => $"{Ns}/runs/{t.WaitingRun}/{action}", _ => """{"reason":"fuzz"}""") with
            {
                Headers = [new("Idempotency-Key", "fuzz-" + action)],
            });
        }
        seeds.Add(Json($"POST {run}/terminate", HttpMethod.Post, t => $"{Ns}/runs/{t.WaitingRun}/terminate", null));
        seeds.Add(Json($"POST {run}/retry", HttpMethod.Post, t => $"{Ns}/runs/{t.FailedRun}/retry", null));
        seeds.Add(Json($"POST {run}/resume-with-errors", HttpMethod.Post, t => $"{Ns}/runs/{t.FailedRun}/resume-with-errors", null));
        seeds.Add(Json($"POST {run}/rerun", HttpMethod.Post, t => $"{Ns}/runs/{t.CompletedRun}/rerun", _ => """{"fromStep":"greet","variables":{"greeting":"again"}}"""));

        // Events.
        seeds.Add(Json("POST /events", HttpMethod.Post, _ => Ns + "/events", t => $$$"""{"name":"payment-received","correlation":"fuzz-{{{t.Suffix}}}","payload":{"amount":42}}"""));
        seeds.Add(Json("POST /events", HttpMethod.Post, _ => Ns + "/events", _ => """{"name":"payment-received","correlation":17,"payload":[1,2,3],"keepFor":"1h"}"""));
        seeds.Add(Json($"POST {run}/events", HttpMethod.Post, t => $"{Ns}/runs/{t.WaitingRun}/events", _ => """{"name":"payment-received","payload":{"amount":42}}"""));

        // Schedules.
        seeds.Add(Json("POST /schedules/{definition}/{id}/pause", HttpMethod.Post, _ => Ns + "/schedules/scheduled/every-second/pause", null));
        seeds.Add(Json("POST /schedules/{definition}/{id}/resume", HttpMethod.Post, _ => Ns + "/schedules/scheduled/every-second/resume", null));

        // Tasks.
        seeds.Add(Json("POST /namespaces/{ns}/tasks", HttpMethod.Post, _ => Ns + "/tasks", _ => """
            {"title":"Sign the contract","description":"Both copies","assignee":{"user":"ann"},
             "form":[{"key":"signedOn","type":"datetime","required":true},{"key":"amount","type":"decimal","default":"12.5"},{"key":"kind","type":"choice","options":["a","b"]}],
             "actions":["signed","declined"],"dueAt":"2026-12-01T00:00:00Z","files":[{"name":"note.txt","contentType":"text/plain","content":"aGVsbG8="}]}
            """));
        seeds.Add(Json("POST /namespaces/{ns}/tasks", HttpMethod.Post, _ => Ns + "/tasks", _ => """{"title":"Filtered","assignee":{"filter":"${ user.attributes.dept == 'sales' }"}}"""));
        seeds.Add(Json("POST /tasks/{id}/fields", HttpMethod.Post, t => $"/api/v1/tasks/{t.Task}/fields", _ => """{"note":"within budget"}"""));
        seeds.Add(Json("POST /tasks/{id}/complete", HttpMethod.Post, t => $"/api/v1/tasks/{t.Task}/complete", _ => """{"action":"done","fields":{"note":"ok"}}"""));
        seeds.Add(new("POST /tasks/{id}/files", HttpMethod.Post, t => $"/api/v1/tasks/{t.Task}/files?name=receipt.txt", BodyKind.Raw, "text/plain", _ => "a receipt"));
        seeds.Add(new("POST /tasks/{id}/files", HttpMethod.Post, t => $"/api/v1/tasks/{t.Task}/files", BodyKind.Multipart, null, null));

        // Integration queues.
        seeds.Add(Json("POST /queues/{queue}/poll", HttpMethod.Post, _ => Ns + "/queues/credit-check/poll", _ => """{"workerId":"fuzz","max":10,"leaseSeconds":60,"waitSeconds":0}"""));
        const string item = "/integration-items/{id}";
        seeds.Add(Json($"POST {item}/heartbeat", HttpMethod.Post, t => $"{Ns}/integration-items/{t.Item}/heartbeat", t => $$$"""{"leaseToken":{{{t.LeaseToken}}},"leaseSeconds":60}"""));
        seeds.Add(Json($"POST {item}/fields", HttpMethod.Post, t => $"{Ns}/integration-items/{t.Item}/fields", t => $$$"""{"leaseToken":{{{t.LeaseToken}}},"fields":{"score":720,"note":"fine"}}"""));
        seeds.Add(Json($"POST {item}/complete", HttpMethod.Post, t => $"{Ns}/integration-items/{t.Item}/complete", t => $$$"""{"leaseToken":{{{t.LeaseToken}}},"fields":{"score":720},"result":{"bureau":"acme","list":[1,2]}}"""));
        seeds.Add(Json($"POST {item}/fail", HttpMethod.Post, t => $"{Ns}/integration-items/{t.Item}/fail", t => $$$"""{"leaseToken":{{{t.LeaseToken}}},"error":"bureau offline","retryable":true}"""));

        // Cases and parameter sets.
        const string caseBody = """{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","companyName":"Analytical Engines","attributes":{"tier":"gold","n":[1,{"x":null}]}}""";
        seeds.Add(Json("POST /cases", HttpMethod.Post, _ => Ns + "/cases", _ => caseBody));
        seeds.Add(Json("PUT /cases/{id}", HttpMethod.Put, t => $"{Ns}/cases/{t.Case}", _ => caseBody));
        seeds.Add(Json("PATCH /cases/{id}", HttpMethod.Patch, t => $"{Ns}/cases/{t.Case}", _ => """{"email":"lovelace@example.com","attributes":{"tier":"silver"}}"""));
        seeds.Add(Json("POST /cases/{id}/erase", HttpMethod.Post, t => $"{Ns}/cases/{t.Case}/erase", null));
        seeds.Add(Json("POST /parameter-sets", HttpMethod.Post, _ => Ns + "/parameter-sets", t => $$$"""{"name":"fuzz-p-{{{t.Suffix}}}","definition":"case-greeting","version":1,"input":{"greeting":"Welcome"}}"""));
        seeds.Add(Json("PUT /parameter-sets/{id}", HttpMethod.Put, t => $"{Ns}/parameter-sets/{t.ParameterSet}", _ => """{"input":{"greeting":"Hello"},"version":1}"""));
        seeds.Add(Json("DELETE /parameter-sets/{id}", HttpMethod.Delete, t => $"{Ns}/parameter-sets/{t.ParameterSet}", null));

        // Webhooks (the URL is always 127.0.0.1:9, which refuses).
        var hook = $$$"""{"url":"{{{FuzzMutator.SafeUrl}}}/hook","events":["run.completed","run.failed"],"definition":"hello","active":true}""";
        seeds.Add(Json("POST /webhooks", HttpMethod.Post, _ => Ns + "/webhooks", _ => hook));
        seeds.Add(Json("PUT /webhooks/{id}", HttpMethod.Put, t => $"{Ns}/webhooks/{t.Webhook}", _ => hook));
        seeds.Add(Json("PATCH /webhooks/{id}", HttpMethod.Patch, t => $"{Ns}/webhooks/{t.Webhook}", _ => """{"active":false,"secret":"whsec_0123456789abcdef0123456789abcdef"}"""));
        seeds.Add(Json("DELETE /webhooks/{id}", HttpMethod.Delete, t => $"{Ns}/webhooks/{t.Webhook}", null));
        seeds.Add(Json("POST /webhooks/{id}/deliveries/{id}/redeliver", HttpMethod.Post, t => $"{Ns}/webhooks/{t.Webhook}/deliveries/{t.WaitingRun}/redeliver", null));

        // Namespaces, API tokens, administration (on the fuzz user and client only, never the caller's own client).
        seeds.Add(Json("PUT /namespaces/{ns}", HttpMethod.Put, t => $"/api/v1/namespaces/fuzz-{t.Suffix}", null));
        seeds.Add(Json("POST /tokens", HttpMethod.Post, _ => "/api/v1/tokens", _ => """{"name":"fuzz","lifeTimeInSec":3600}"""));
        seeds.Add(Json("DELETE /tokens/{id}", HttpMethod.Delete, t => $"/api/v1/tokens/{t.ApiToken}", null));
        seeds.Add(Json("POST /admin/users", HttpMethod.Post, _ => "/api/v1/admin/users", t => $$$"""{"id":"fuzz-u-{{{t.Suffix}}}","name":"Ann","email":"ann@example.com","password":"correct horse battery","roles":["managers"],"attributes":{"dept":"sales"}}"""));
        seeds.Add(Json("PATCH /admin/users/{id}", HttpMethod.Patch, t => $"/api/v1/admin/users/{t.User}", _ => """{"name":"Ann B","roles":["directors"],"attributes":{"dept":"finance"}}"""));
        seeds.Add(Json("POST /admin/users/{id}/tokens", HttpMethod.Post, t => $"/api/v1/admin/users/{t.User}/tokens", _ => """{"name":"fuzz","lifeTimeInSec":60}"""));
        seeds.Add(Json("PUT /admin/users/{id}/roles/{ns}/{role}", HttpMethod.Put, t => $"/api/v1/admin/users/{t.User}/roles/default/operator", null));
        seeds.Add(Json("POST /admin/clients", HttpMethod.Post, _ => "/api/v1/admin/clients", t => $$$"""{"clientId":"fuzz-c-{{{t.Suffix}}}","name":"Fuzz","allowImpersonation":true}"""));
        seeds.Add(Json("PATCH /admin/clients/{id}", HttpMethod.Patch, t => $"/api/v1/admin/clients/{t.Client}", _ => """{"name":"Renamed","allowImpersonation":false}"""));
        seeds.Add(Json("POST /admin/clients/{id}/secret", HttpMethod.Post, t => $"/api/v1/admin/clients/{t.Client}/secret", null));
        seeds.Add(Json("DELETE /admin/clients/{id}/roles/{ns}/{role}", HttpMethod.Delete, t => $"/api/v1/admin/clients/{t.Client}/roles/default/viewer", null));

        // Query strings on the routes that read them (reads, but the parameters are the point).
        seeds.Add(Json("GET /runs (query)", HttpMethod.Get, _ => Ns + "/runs?tag=region:eu&limit=5&status=completed", null));
        seeds.Add(Json("GET /runs/{id}/result (query)", HttpMethod.Get, t => $"{Ns}/runs/{t.CompletedRun}/result?wait=1s", null));
        return seeds;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The server's auth modes and start-up: reference 001's API access token, open-loopback, the bootstrap secret, rate limits, secrets never in clear.</summary>
public sealed partial class AuthModeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private static FormUrlEncodedContent ClientCredentials(string id, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = id,
        ["client_secret"] = secret,
    });

    [Fact]
    public async Task ApiAccessToken_IsTheWorkflowapiClientSecret_AndNoSecretIsEverInClear()
    {
        var apiToken = "api-access-" + Guid.NewGuid().ToString("N");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        await using var server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>
        {
            ["Weft__Auth__ApiAccessToken"] = apiToken,
            ["Logging__LogLevel__Default"] = "Debug",
        });
        using var refused = await server.AnonymousClient.PostAsync("/connect/token", ClientCredentials("workflowapi", wrong), Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var issued = await server.AnonymousClient.PostAsync("/connect/token", ClientCredentials("workflowapi", apiToken), Ct);
        issued.StatusCode.ShouldBe(HttpStatusCode.OK);
        var access = JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["access_token"]!.GetValue<string>();
        using var workflowapi = server.ClientFor(access);
        (await workflowapi.DeployAsync(ServerProcess.Sample("approval.yaml"))).ShouldNotBeNull();

        using (var user = await workflowapi.PostAsJsonAsync("/api/v1/admin/users", new JsonObject { ["id"] = "ann", ["password"] = password }, Ct))
            user.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var client = await workflowapi.PostAsJsonAsync("/api/v1/admin/clients", new JsonObject { ["clientId"] = "crm" }, Ct);
        var clientSecret = JsonNode.Parse(await client.Content.ReadAsStringAsync(Ct))!["clientSecret"]!.GetValue<string>();
        using var token = await workflowapi.PostAsJsonAsync("/api/v1/admin/users/ann/tokens", new JsonObject { ["lifeTimeInSec"] = 60 }, Ct);
        var apiTokenIssued = JsonNode.Parse(await token.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
        using (var rotated = await workflowapi.PostAsync("/api/v1/admin/clients/crm/secret", null, Ct)) rotated.StatusCode.ShouldBe(HttpStatusCode.OK);

        var readBack = await workflowapi.GetStringAsync("/api/v1/admin/users/ann", Ct) + await workflowapi.GetStringAsync("/api/v1/admin/clients", Ct)
            + await server.ClientFor(apiTokenIssued).GetStringAsync("/api/v1/tokens", Ct);
        var secrets = new[] { apiToken, password, wrong, clientSecret, apiTokenIssued, ServerProcess.BootstrapClientSecret };
        foreach (var secret in secrets) readBack.ShouldNotContain(secret);
        readBack.ShouldNotContain("AQAAAA", customMessage: "a password hash is not answered either");

        var log = server.ReadLog();
        log.ShouldContain("invalid_client", customMessage: "the refused token request is logged");
        var data = Path.Combine(_dir.Path, "data");
        var database = string.Concat(new[] { "weft.db", "weft.db-wal" }.Select(n => Path.Combine(data, n)).Where(File.Exists).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Encoding.Latin1.GetString(copy.ToArray());
        }));
        database.ShouldContain("crm", customMessage: "the database file is readable as text");
        foreach (var secret in secrets.Append(access))
        {
            log.ShouldNotContain(secret);
            database.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task NoBootstrapSettings_GeneratesASecretOnce_PrintedToTheConsole()
    {
        var settings = new Dictionary<string, string> { ["Weft__Auth__BootstrapClientId"] = "", ["Weft__Auth__BootstrapClientSecret"] = "" };
        string secret;
        await using (var first = await ServerProcess.StartAsync(_dir.Path, settings))
        {
            var printed = SecretLine().Match(await WaitForAsync(first, "shown only this once"));
            printed.Success.ShouldBeTrue();
            printed.Groups[1].Value.ShouldBe("admin");
            secret = printed.Groups[2].Value;
            using var token = await first.AnonymousClient.PostAsync("/connect/token", ClientCredentials("admin", secret), Ct);
            token.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await using var second = await ServerProcess.StartAsync(_dir.Path, settings);
        using (var again = await second.AnonymousClient.PostAsync("/connect/token", ClientCredentials("admin", secret), Ct))
            again.StatusCode.ShouldBe(HttpStatusCode.OK, "the key and the client survive a restart");
        second.ReadLog().ShouldNotContain("shown only this once");
    }

    [GeneratedRegex("administrator client '([^']+)'. Its secret, shown only this once: (\\S+)")]
    private static partial Regex SecretLine();

    /// <summary>The log once it contains <paramref name="text"/> (stdout is read asynchronously; bounded poll).</summary>
    private static async Task<string> WaitForAsync(ServerProcess server, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var log = server.ReadLog();
            if (log.Contains(text, StringComparison.Ordinal) || DateTime.UtcNow > deadline) return log;
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task OpenLoopback_LetsEveryLocalCallerAdminister()
    {
        await using var server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string> { ["Weft__Auth__Mode"] = "open-loopback" });
        using var keys = await server.AnonymousClient.GetAsync("/api/v1/admin/keys", Ct);
        keys.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenLoopback_OnANonLoopbackAddress_RefusesToStart()
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerProcess.ServerDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://0.0.0.0:{ServerProcess.FreePort()}");
        info.Environment["Weft__Auth__Mode"] = "open-loopback";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.ExitCode.ShouldNotBe(0);
        (await output + await errors).ShouldContain("open-loopback");
    }

    [Fact]
    public async Task TokenEndpoint_IsRateLimited()
    {
        await using var server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string> { ["Weft__Auth__TokenRequestsPerMinute"] = "5" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await server.AnonymousClient.PostAsync("/connect/token", ClientCredentials("nobody", "nothing-" + i), Ct);
            statuses.Add(response.StatusCode);
        }
        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses[5].ShouldBe(HttpStatusCode.TooManyRequests);
    }
}

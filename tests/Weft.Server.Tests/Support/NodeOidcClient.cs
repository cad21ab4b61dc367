using System.Diagnostics;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit;

namespace Weft.Server.Tests.Support;

/// <summary>The npm <c>openid-client</c> library (tests/oidc-client), run with node: discovery, then the client_credentials grant.</summary>
public static class NodeOidcClient
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The token response (and the discovered issuer and token endpoint) as the library reports it.</summary>
    public static async Task<JsonNode> ClientCredentialsAsync(ServerProcess server, string clientId, string secret)
    {
        var dir = Path.Combine(ServerProcess.RepoRoot, "tests", "oidc-client");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "openid-client")))
        {
            var (code, output) = await RunAsync("npm", dir, "ci", "--no-audit", "--no-fund");
            code.ShouldBe(0, output);
        }
        var (exit, text) = await RunAsync("node", dir, "client-credentials.mjs", server.Address.ToString().TrimEnd('/'), clientId, secret);
        exit.ShouldBe(0, text);
        return JsonNode.Parse(text.Trim().Split('\n')[^1])!;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string dir, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

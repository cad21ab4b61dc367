using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// The examples a newcomer copies work as written: every curl line of docs/api.md to a route that needs a token sends
/// one, and the README's token lines give a JWT for the right secret and fail loudly for a wrong one.
/// </summary>
public sealed partial class DocsExamplesTests(DefaultServerFixture fixture) : IClassFixture<DefaultServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServerProcess Server => fixture.Process;

    [GeneratedRegex("""(?:http://127\.0\.0\.1:5080|\$base)([^\s'"]*)""")]
    private static partial Regex Url();

    [GeneratedRegex("""-X\s+([A-Z]+)""")]
    private static partial Regex Method();

    [GeneratedRegex("""-H\s+'Content-Type:\s*([^']+)'""")]
    private static partial Regex ContentType();

    [GeneratedRegex("""\{[^}/]+\}|\$[A-Za-z_]+|01a2\.\.\.""")]
    private static partial Regex Placeholder();

    [Fact]
    public async Task ApiDocCurlLines_ToRoutesThatNeedAToken_SendTheAuthorizationHeader()
    {
        var commands = CurlCommands(File.ReadAllText(Path.Combine(ServerProcess.RepoRoot, "docs", "api.md")));
        commands.Count.ShouldBeGreaterThan(45, "docs/api.md's sh blocks should hold about 50 curl commands");

        var missing = new List<string>();
        var guarded = 0;
        foreach (var (line, command) in commands)
        {
            // Without credentials, the server says whether the route needs them.
            var needsToken = await AnonymousStatusAsync(command) == HttpStatusCode.Unauthorized;
            var sendsOne = command.Contains("Authorization: Bearer", StringComparison.Ordinal) || Regex.IsMatch(command, @"\s-u\s");
            if (needsToken && !sendsOne) missing.Add($"docs/api.md:{line}: {command}");
            if (needsToken && sendsOne) guarded++;
        }
        missing.ShouldBeEmpty("curl lines to routes that answer 401 without a token");
        // The control: the lines that do send a token reach real routes, so a line without one would have been seen.
        guarded.ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task ReadmeTokenLines_RightSecret_SetTokenToAJwtTheApiAccepts()
    {
        var (exit, token, stderr) = await RunReadmeTokenLinesAsync(ServerProcess.BootstrapClientSecret);

        exit.ShouldBe(0, stderr);
        token.Split('.').Length.ShouldBe(3, $"TOKEN should be a JWT, was '{token}'");
        using var api = Server.ClientFor(token);
        using var response = await api.GetAsync("/api/v1/namespaces", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ReadmeTokenLines_WrongSecret_FailLoudlyAndLeaveTokenEmpty()
    {
        var (exit, token, stderr) = await RunReadmeTokenLinesAsync("not-the-secret-at-all");

        exit.ShouldNotBe(0);
        stderr.ShouldContain("no token");
        stderr.ShouldContain("invalid_client");
        token.ShouldBeEmpty();
    }

    /// <summary>The Quickstart's lines from <c>SECRET=</c> to <c>AUTH=</c>, run by bash as written (address and client id aside).</summary>
    private async Task<(int Exit, string Token, string Stderr)> RunReadmeTokenLinesAsync(string secret)
    {
        var readme = File.ReadAllLines(Path.Combine(ServerProcess.RepoRoot, "README.md"));
        var from = Array.FindIndex(readme, l => l.StartsWith("SECRET=", StringComparison.Ordinal));
        var to = Array.FindIndex(readme, from, l => l.StartsWith("AUTH=", StringComparison.Ordinal));
        from.ShouldBeGreaterThan(0, "the README's Quickstart sets SECRET");
        var lines = string.Join('\n', readme[from..to])
            .Replace("'<the printed secret>'", $"'{secret}'", StringComparison.Ordinal)
            .Replace("\"admin:", $"\"{ServerProcess.BootstrapClientId}:", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:5080", Server.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
        var script = lines + "\nstatus=$?\nprintf '%s' \"$TOKEN\" >&3\nexit $status\n";

        var tokenFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"exec 3>'{tokenFile}'\n" + script);
            using var bash = Process.Start(info)!;
            var stderr = bash.StandardError.ReadToEndAsync(Ct);
            await bash.StandardOutput.ReadToEndAsync(Ct);
            await bash.WaitForExitAsync(Ct);
            return (bash.ExitCode, await File.ReadAllTextAsync(tokenFile, Ct), await stderr);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    /// <summary>Each curl command in the <c>sh</c> blocks, continuation lines joined, with the line it starts on.</summary>
    private static List<(int Line, string Command)> CurlCommands(string markdown)
    {
        var lines = markdown.Split('\n');
        var commands = new List<(int, string)>();
        var inShell = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inShell && lines[i].Trim() == "```sh";
                continue;
            }
            if (!inShell || lines[i].TrimStart().StartsWith('#') || !Regex.IsMatch(lines[i], @"\bcurl\s")) continue;
            var start = i;
            var command = new StringBuilder(lines[i]);
            while (lines[i].TrimEnd().EndsWith('\\') && i + 1 < lines.Length) command.Append('\n').Append(lines[++i]);
            commands.Add((start + 1, command.ToString()));
        }
        return commands;
    }

    /// <summary>Sends the command's method, path and content type without credentials; placeholders become an unknown id.</summary>
    private async Task<HttpStatusCode> AnonymousStatusAsync(string command)
    {
        var url = Url().Match(command);
        url.Success.ShouldBeTrue($"no URL in: {command}");
        var path = (command[url.Index..].StartsWith("$base", StringComparison.Ordinal) ? "/api/v1/namespaces/default" : "") + url.Groups[1].Value;
        path = Placeholder().Replace(path, "0190a8e2-0000-7000-8000-000000000000");
        var method = Method().Match(command) is { Success: true } m ? m.Groups[1].Value
            : Regex.IsMatch(command, @"\s(-d|--data-binary|-F)\s") ? "POST" : "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, ContentType().Match(command) is { Success: true } c ? c.Groups[1].Value : "application/json");
        using var response = await Server.AnonymousClient.SendAsync(request, Ct);
        return response.StatusCode;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

internal sealed class FuzzOptions
{
    public int Requests { get; init; } = 1000;

    public int Seed { get; init; } = 1;

    /// <summary>The built Weft.Server.dll the fuzz runs against.</summary>
    public required string ServerDll { get; init; }

    /// <summary>The repository's samples folder (seed definitions).</summary>
    public required string Samples { get; init; }

    /// <summary>The server's working directory (its SQLite file and logs).</summary>
    public required string WorkDir { get; init; }

    /// <summary>Where the 5xx samples, the requests that killed the server and summary.md are written.</summary>
    public required string ReportDir { get; init; }

    /// <summary>How many distinct failures (a 5xx by route, status and the exception logged for it; a timeout or no answer by route) are written out in full.</summary>
    public int MaxSamples { get; init; } = 60;

    /// <summary>Above the longest wait a request may ask for (a queue poll, 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>Where progress lines go (every 1,000 requests, deaths); null: nowhere.</summary>
    public Action<string>? Progress { get; init; }
}

internal sealed class FuzzResult
{
    /// <summary>Per route: requests by status class (index 1 to 5), index 0 for requests that got no answer.</summary>
    public SortedDictionary<string, int[]> ByRoute { get; } = new(StringComparer.Ordinal);

    public int Requests { get; set; }

    public int ServerErrors { get; set; }

    /// <summary>The 5xx by route, status and the exception the server logged for them (or the problem's title), with how many.</summary>
    public SortedDictionary<string, int> ServerErrorsByCause { get; } = new(StringComparer.Ordinal);

    public int Deaths { get; set; }

    public int Timeouts { get; set; }

    /// <summary>Requests not sent, by why: the same request as one that timed out or killed the server, or a mutation that timed out <see cref="FuzzRun.TimeoutsBeforeSkipping"/> times (in half the requests with it or more).</summary>
    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Restarts of a live server after a timeout (deaths restart it too, not counted here).</summary>
    public int Restarts { get; set; }

    /// <summary>Requests that failed without an answer while the server stayed up (connection reset, a header the client would not send).</summary>
    public int NoAnswer { get; set; }

    public double Seconds { get; set; }

    /// <summary>The ten slowest answered requests: seconds, request index, route and mutations.</summary>
    public List<(double Seconds, int Index, string Request)> Slowest { get; } = [];

    public long PeakRssKiB { get; set; }

    /// <summary>One line a distinct failure, with the first request that showed it: 5xx (route, status, logged exception), deaths, timeouts.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>After the run: /health answers and a hello run completes (null), or what went wrong.</summary>
    public string? AfterCheck { get; set; }

    /// <summary>The exceptions the server logged (type and message, ids cut off), with how often: what lies behind the 500s.</summary>
    public SortedDictionary<string, int> LoggedExceptions { get; } = new(StringComparer.Ordinal);

    public bool Passed => ServerErrors == 0 && Deaths == 0 && Timeouts == 0 && AfterCheck is null;

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine("| route | sent | 2xx | 3xx | 4xx | 5xx | no answer |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (route, c) in ByRoute)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {route} | {c.Sum()} | {c[2]} | {c[3]} | {c[4]} | {c[5]} | {c[0]} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"requests {Requests}, 5xx {ServerErrors}, deaths {Deaths}, timeouts {Timeouts} (server restarted after {Restarts}), no answer (server up) {NoAnswer}, " +
            $"{Requests / Math.Max(Seconds, 0.001):F0} requests/s over {Seconds:F1} s, peak RSS {PeakRssKiB / 1024.0:F0} MiB");
        text.AppendLine("after the run: " + (AfterCheck ?? "/health answers and a hello run completes"));
        if (Slowest.Count > 0)
            text.AppendLine("slowest: " + string.Join("; ", Slowest.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Seconds:F1} s request {x.Index} {x.Request}"))));
        foreach (var (mutation, count) in Skipped)
            text.AppendLine(CultureInfo.InvariantCulture, $"not sent: {count} x {mutation}");
        if (ServerErrorsByCause.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("5xx by route and cause:");
            foreach (var (cause, count) in ServerErrorsByCause) text.AppendLine(CultureInfo.InvariantCulture, $"- {count} x {cause}");
        }
        if (LoggedExceptions.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("exceptions in the server's log:");
            foreach (var (exception, count) in LoggedExceptions.OrderByDescending(e => e.Value)) text.AppendLine(CultureInfo.InvariantCulture, $"- {count} x {exception}");
        }
        if (Failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("distinct failures:");
            foreach (var failure in Failures) text.AppendLine("- " + failure);
        }
        return text.ToString();
    }
}

/// <summary>
/// The fuzz loop: request i is seed-and-mutation drawn from <c>new Random(seed * 1000003 + i)</c>,
/// sent one at a time (so a death is the last request's doing, or a run it started). A death is
/// counted, the requests before it written out, and the server started again on the same database.
/// </summary>
internal static class FuzzRun
{
    private const int RefreshEvery = 200;

    /// <summary>A mutation that hangs the server this often (and in at least half the requests that carried it) is not sent again: each one would cost a request timeout and leave the server busy.</summary>
    public const int TimeoutsBeforeSkipping = 3;

    /// <summary>For the report files: a request cut short for them may end in half a surrogate pair, written as U+FFFD.</summary>
    private static readonly UTF8Encoding Text = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static async Task<FuzzResult> RunAsync(FuzzOptions options)
    {
        Directory.CreateDirectory(options.ReportDir);
        var settings = new Dictionary<string, string>
        {
            // Lets the seeds' URLs (127.0.0.1:9, which refuses) through; the mutator sends no URL that names another host.
            ["Weft__Http__AllowPrivateNetworks"] = "true",
        };
        var seeds = FuzzCorpus.Seeds(options.Samples);
        var result = new FuzzResult();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var recent = new Queue<FuzzRequest>();
        // Per mutation: the requests that carried it, and those of them that timed out.
        var carried = new Dictionary<string, int>(StringComparer.Ordinal);
        var hangs = new Dictionary<string, int>(StringComparer.Ordinal);
        var incarnation = 0;
        var server = await FuzzServer.StartAsync(options.ServerDll, options.WorkDir, settings, incarnation, options.RequestTimeout);
        try
        {
            var targets = await FuzzTargets.SetUpAsync(server.Client, options.Samples, 0);
            var generation = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < options.Requests; i++)
            {
                if (i > 0 && i % RefreshEvery == 0 && !server.HasExited)
                {
                    result.PeakRssKiB = Math.Max(result.PeakRssKiB, server.PeakRssKiB());
                    try
                    {
                        await server.RenewTokenAsync();
                        targets = await FuzzTargets.SetUpAsync(server.Client, options.Samples, ++generation);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // A server that died after the last request: counted below, with the requests before it.
                    }
                }
                if (i > 0 && i % 1000 == 0) options.Progress?.Invoke($"fuzz: {i} requests, {result.ServerErrors} 5xx, {result.Deaths} deaths");
                var random = new Random(unchecked((options.Seed * 1_000_003) + i));
                var request = FuzzMutator.Mutate(seeds[random.Next(seeds.Count)], targets, random);
                var mutations = request.Mutations.Split('+');
                var exact = $"{request.Route} [{request.Mutations}] {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(request.Body ?? []))[..12]}";
                var hanging = hangs.ContainsKey(exact)
                    ? $"the same request as one that timed out or killed the server ({request.Route} [{request.Mutations}])"
                    : mutations.FirstOrDefault(m => hangs.GetValueOrDefault(m) >= TimeoutsBeforeSkipping && hangs[m] * 2 >= carried[m]);
                if (hanging is not null)
                {
                    result.Skipped[hanging] = result.Skipped.GetValueOrDefault(hanging) + 1;
                    continue;
                }
                recent.Enqueue(request);
                if (recent.Count > 5) recent.Dequeue();
                var counts = result.ByRoute.TryGetValue(request.Route, out var c) ? c : result.ByRoute[request.Route] = new int[6];
                result.Requests++;
                foreach (var mutation in mutations) carried[mutation] = carried.GetValueOrDefault(mutation) + 1;
                var timeoutsBefore = result.Timeouts;
                var started = Stopwatch.GetTimestamp();
                var failure = await SendAsync(server, request, i, counts, result);
                Keep(result.Slowest, (Stopwatch.GetElapsedTime(started).TotalSeconds, i, $"{request.Route} [{request.Mutations}]"));
                if (result.Timeouts > timeoutsBefore)
                {
                    foreach (var mutation in mutations) hangs[mutation] = hangs.GetValueOrDefault(mutation) + 1;
                    hangs[exact] = 1;
                }
                if (failure is not null && distinct.Add(failure.Value.Key))
                {
                    result.Failures.Add($"{failure.Value.Key} (first: request {i} [{request.Mutations}])");
                    if (result.Failures.Count <= options.MaxSamples)
                        await WriteSampleAsync(options.ReportDir, $"failure-{result.Failures.Count:D2}", request, i, failure.Value.Detail);
                }
                // A death shows as a request without an answer (SendAsync waits a moment for the exit), or, when a run's
                // work on a worker thread killed it, only as the process gone by the next request.
                if (server.HasExited)
                {
                    result.Deaths++;
                    var what = $"server death after request {i}: {request.Route} [{request.Mutations}]: {server.DeathCause()}";
                    options.Progress?.Invoke("fuzz: " + what);
                    result.Failures.Add(what);
                    await WriteDeathAsync(options.ReportDir, result.Deaths, [.. recent], server);
                    hangs[exact] = 1;
                }
                if (server.HasExited || result.Timeouts > timeoutsBefore)
                {
                    // After a timeout too: the server goes on with work it cannot stop (a regular expression backtracking
                    // for ever), which would slow every request after it and take a core from whoever shares the machine.
                    if (!server.HasExited) result.Restarts++;
                    result.PeakRssKiB = Math.Max(result.PeakRssKiB, server.PeakRssKiB());
                    server.Dispose();
                    server = await FuzzServer.StartAsync(options.ServerDll, options.WorkDir, settings, ++incarnation, options.RequestTimeout);
                    targets = await FuzzTargets.SetUpAsync(server.Client, options.Samples, ++generation);
                }
            }
            result.Seconds = clock.Elapsed.TotalSeconds;
            result.PeakRssKiB = Math.Max(result.PeakRssKiB, server.PeakRssKiB());
            result.AfterCheck = await AfterCheckAsync(server, options.Samples);
        }
        finally
        {
            server.Dispose();
        }
        foreach (var log in Directory.GetFiles(options.WorkDir, "server-*.log")) CountExceptions(log, result.LoggedExceptions);
        await File.WriteAllTextAsync(Path.Combine(options.ReportDir, "summary.md"), result.Summary(), Text);
        return result;
    }

    /// <summary>Sends one request and counts its answer; a failure (5xx, no answer, timeout) comes back with its key and what was seen.</summary>
    private static async Task<(string Key, string Detail)?> SendAsync(FuzzServer server, FuzzRequest request, int index, int[] counts, FuzzResult result)
    {
        var exceptionsBefore = server.LoggedExceptions().Count;
        try
        {
            using var message = request.ToMessage();
            using var response = await server.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            counts[Math.Clamp(status / 100, 1, 5)]++;
            if (status < 500) return null;
            result.ServerErrors++;
            var body = await ReadSomeAsync(response, 8000);
            var title = "";
            try
            {
                title = JsonNode.Parse(body)?["title"]?.ToString() ?? "";
            }
            catch (System.Text.Json.JsonException)
            {
            }
            // Named by the exception the server logged for it where it logged one (else the problem's title): the same 500
            // from another cause is another failure, and the same cause from other mutations is the same one.
            var exception = await server.ExceptionSinceAsync(exceptionsBefore);
            var cause = $"{request.Route} -> {status}: {exception ?? title}";
            result.ServerErrorsByCause[cause] = result.ServerErrorsByCause.GetValueOrDefault(cause) + 1;
            return (cause + Named(request), $"{status} {response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{body}");
        }
        catch (TaskCanceledException)
        {
            counts[0]++;
            if (server.HasExited) return ($"{request.Route} -> no answer{Named(request)}", "the server is gone");
            result.Timeouts++;
            return ($"{request.Route} -> timeout{Named(request)}", $"no answer within the request timeout (request {index})");
        }
        catch (HttpRequestException e)
        {
            counts[0]++;
            if (!await server.ExitedWithinAsync(TimeSpan.FromSeconds(3)) && await server.IsHealthyAsync())
            {
                result.NoAnswer++;
                return null;
            }
            return ($"{request.Route} -> no answer{Named(request)}", e.ToString());
        }
    }

    private static void Keep(List<(double Seconds, int Index, string Request)> slowest, (double Seconds, int Index, string Request) one)
    {
        if (slowest.Count == 10 && one.Seconds <= slowest[^1].Seconds) return;
        slowest.Add(one);
        slowest.Sort((a, b) => b.Seconds.CompareTo(a.Seconds));
        if (slowest.Count > 10) slowest.RemoveAt(10);
    }

    /// <summary>Counts the first exception line of each logged error (<c>System.XException: message</c>, cut at 160 characters).</summary>
    private static void CountExceptions(string log, SortedDictionary<string, int> into)
    {
        var inError = false;
        foreach (var line in File.ReadLines(log))
        {
            if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            {
                inError = true;
                continue;
            }
            var text = line.Trim();
            var colon = text.IndexOf("Exception: ", StringComparison.Ordinal);
            if (inError && colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal))
            {
                var key = text.Length > 160 ? text[..160] : text;
                into[key] = into.GetValueOrDefault(key) + 1;
                inError = false;
            }
            else if (text == "Stack overflow.")
            {
                into["Stack overflow."] = into.GetValueOrDefault("Stack overflow.") + 1;
                inError = false;
            }
        }
    }

    /// <summary>An unmutated short request is told apart by its body (which hostile definition a run started); others by their mutations alone.</summary>
    private static string Named(FuzzRequest request) =>
        request.Mutations == "none" && request.Body is { Length: <= 100 } body ? " " + Encoding.UTF8.GetString(body) : "";

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, int max)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[max];
        var read = 0;
        int n;
        while (read < max && (n = await stream.ReadAsync(buffer.AsMemory(read))) > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static async Task WriteSampleAsync(string dir, string name, FuzzRequest request, int index, string answer)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, name + ".txt"), $"request {index}: {request.Route} [{request.Mutations}]\n\n{request.Describe()}\n\n--- answer ---\n{answer}\n", Text);
        if (request.Body is not null) await File.WriteAllBytesAsync(Path.Combine(dir, name + ".body"), request.Body);
    }

    private static async Task WriteDeathAsync(string dir, int death, FuzzRequest[] recent, FuzzServer server)
    {
        var text = new StringBuilder($"The server (pid {server.ProcessId}) exited with {server.ExitCode}. The last requests, the last one first:\n");
        for (var k = recent.Length - 1; k >= 0; k--)
        {
            text.Append("\n--- ").Append(recent[k].Route).Append(" [").Append(recent[k].Mutations).Append("] ---\n").Append(recent[k].Describe());
            if (recent[k].Body is not null) await File.WriteAllBytesAsync(Path.Combine(dir, $"death-{death:D2}-{recent.Length - 1 - k}.body"), recent[k].Body!);
        }
        text.Append("\n\n--- the server's last output ---\n").Append(server.LogTail(60));
        await File.WriteAllTextAsync(Path.Combine(dir, $"death-{death:D2}.txt"), text.ToString(), Text);
    }

    /// <summary>After the fuzz: does /health answer, and does an ordinary hello run still complete? Null if so.</summary>
    private static async Task<string?> AfterCheckAsync(FuzzServer server, string samples)
    {
        if (server.HasExited) return "the server is gone";
        if (!await server.IsHealthyAsync()) return "/health does not answer";
        try
        {
            await server.RenewTokenAsync();
            const string ns = "/api/v1/namespaces/default";
            // Deployed again: a mutated hello may be the latest version now.
            using var yaml = new StringContent(await File.ReadAllTextAsync(Path.Combine(samples, "hello.yaml")), Encoding.UTF8, "application/yaml");
            using var deploy = await server.Client.PostAsync(ns + "/definitions", yaml);
            if (!deploy.IsSuccessStatusCode) return $"deploying hello: {(int)deploy.StatusCode} {await deploy.Content.ReadAsStringAsync()}";
            var version = (await deploy.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>();
            using var start = await server.Client.PostAsJsonAsync(ns + "/runs", new { definition = "hello", version, input = new { name = "Ada" } });
            if (start.StatusCode != HttpStatusCode.Created) return $"starting hello: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}";
            var run = (await start.Content.ReadFromJsonAsync<JsonObject>())!;
            for (var i = 0; i < 100 && run["status"]?.ToString() is "queued" or "running"; i++)
            {
                await Task.Delay(100);
                run = (await server.Client.GetFromJsonAsync<JsonObject>($"{ns}/runs/{run["id"]}"))!;
            }
            return run["status"]?.ToString() == "completed" ? null : "the hello run ended " + run.ToJsonString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return "after the fuzz: " + e.Message;
        }
    }
}

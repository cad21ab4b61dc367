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

    /// <summary>How many distinct 5xx (by route, status, mutations and problem title) are written out in full.</summary>
    public int MaxSamples { get; init; } = 30;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Where progress lines go (every 1,000 requests, deaths); null: nowhere.</summary>
    public Action<string>? Progress { get; init; }
}

internal sealed class FuzzResult
{
    /// <summary>Per route: requests by status class (index 1 to 5), index 0 for requests that got no answer.</summary>
    public SortedDictionary<string, int[]> ByRoute { get; } = new(StringComparer.Ordinal);

    public int Requests { get; set; }

    public int ServerErrors { get; set; }

    public int Deaths { get; set; }

    public int Timeouts { get; set; }

    /// <summary>Requests that failed without an answer while the server stayed up (connection reset, a header the client would not send).</summary>
    public int NoAnswer { get; set; }

    public double Seconds { get; set; }

    public long PeakRssKiB { get; set; }

    /// <summary>One line a distinct failure: 5xx (route, status, mutations, title), deaths, timeouts.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>After the run: /health answers and a hello run completes (null), or what went wrong.</summary>
    public string? AfterCheck { get; set; }

    public bool Passed => ServerErrors == 0 && Deaths == 0 && Timeouts == 0 && AfterCheck is null;

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine("| route | sent | 2xx | 3xx | 4xx | 5xx | no answer |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (route, c) in ByRoute)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {route} | {c.Sum()} | {c[2]} | {c[3]} | {c[4]} | {c[5]} | {c[0]} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"requests {Requests}, 5xx {ServerErrors}, deaths {Deaths}, timeouts {Timeouts}, no answer (server up) {NoAnswer}, " +
            $"{Requests / Math.Max(Seconds, 0.001):F0} requests/s over {Seconds:F1} s, peak RSS {PeakRssKiB / 1024.0:F0} MiB");
        text.AppendLine("after the run: " + (AfterCheck ?? "/health answers and a hello run completes"));
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
                recent.Enqueue(request);
                if (recent.Count > 5) recent.Dequeue();
                var counts = result.ByRoute.TryGetValue(request.Route, out var c) ? c : result.ByRoute[request.Route] = new int[6];
                result.Requests++;
                var failure = await SendAsync(server, request, i, counts, result);
                if (failure is not null && distinct.Add(failure.Value.Key))
                {
                    result.Failures.Add($"{failure.Value.Key} (request {i})");
                    if (result.Failures.Count <= options.MaxSamples)
                        await WriteSampleAsync(options.ReportDir, $"failure-{result.Failures.Count:D2}", request, i, failure.Value.Detail);
                }
                // A death shows as a request without an answer (SendAsync waits a moment for the exit), or, when a run's
                // work on a worker thread killed it, only as the process gone by the next request.
                if (server.HasExited)
                {
                    result.Deaths++;
                    var what = $"server death (exit code {server.ExitCode}) after request {i}: {request.Route} [{request.Mutations}]";
                    options.Progress?.Invoke("fuzz: " + what);
                    result.Failures.Add(what);
                    await WriteDeathAsync(options.ReportDir, result.Deaths, [.. recent], server);
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
        await File.WriteAllTextAsync(Path.Combine(options.ReportDir, "summary.md"), result.Summary());
        return result;
    }

    /// <summary>Sends one request and counts its answer; a failure (5xx, no answer, timeout) comes back with its key and what was seen.</summary>
    private static async Task<(string Key, string Detail)?> SendAsync(FuzzServer server, FuzzRequest request, int index, int[] counts, FuzzResult result)
    {
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
            return ($"{request.Route} -> {status} [{request.Mutations}] {title}", $"{status} {response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{body}");
        }
        catch (TaskCanceledException)
        {
            counts[0]++;
            if (server.HasExited) return ($"{request.Route} -> no answer [{request.Mutations}]", "the server is gone");
            result.Timeouts++;
            return ($"{request.Route} -> timeout [{request.Mutations}]", $"no answer within the request timeout (request {index})");
        }
        catch (HttpRequestException e)
        {
            counts[0]++;
            if (!await server.ExitedWithinAsync(TimeSpan.FromSeconds(3)) && await server.IsHealthyAsync())
            {
                result.NoAnswer++;
                return null;
            }
            return ($"{request.Route} -> no answer [{request.Mutations}]", e.ToString());
        }
    }

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
        await File.WriteAllTextAsync(Path.Combine(dir, name + ".txt"), $"request {index}: {request.Route} [{request.Mutations}]\n\n{request.Describe()}\n\n--- answer ---\n{answer}\n");
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
        await File.WriteAllTextAsync(Path.Combine(dir, $"death-{death:D2}.txt"), text.ToString());
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

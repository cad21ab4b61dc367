using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>
/// Waiting runs must cost the server nothing in memory: starts runs that each wait on an event, in steps (for
/// example 10,000 then 100,000 in all), and reads the server's resident memory at each step; then sends every
/// event through the API and times until every run has completed.
/// </summary>
internal static class WaitingBenchmark
{
    private const string Definition = """
        name: bench-wait
        input:
          key: { type: string, required: true }
        steps:
          - id: wait
            kind: event
            event: go
            correlation: ${ input.key }
          - id: done
            kind: set
            values: { got: "${ steps.wait.output.payload }" }
        """;

    public static async Task RunAsync(StorageOptions storage, string label, string dir, IReadOnlyList<int> totals, int clients)
    {
        var port = HttpBenchmark.FreePort();
        using var server = HttpBenchmark.StartServer(storage, dir, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        await HttpBenchmark.WaitHealthyAsync(http, server);
        using (var deploy = new StringContent(Definition, Encoding.UTF8, "application/yaml"))
            (await http.PostAsync("/api/v1/namespaces/default/definitions", deploy)).EnsureSuccessStatusCode();

        Console.WriteLine($"| store | waiting runs | server RSS MB | start rate runs/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        var started = 0;
        foreach (var total in totals)
        {
            var sw = Stopwatch.StartNew();
            await ForAllAsync(started, total, clients, async i =>
            {
                using var r = await http.PostAsJsonAsync("/api/v1/namespaces/default/runs", new { definition = "bench-wait", input = new { key = "k" + i } });
                r.EnsureSuccessStatusCode();
            });
            var rate = (total - started) / sw.Elapsed.TotalSeconds;
            started = total;
            // Every run has reached its wait (none queued or running) before memory is read.
            while ((await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/default/runs?definition=bench-wait&status=queued,running&limit=1"))!["items"]!.AsArray().Count > 0)
                await Task.Delay(50);
            await Task.Delay(2000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {total} | {RssMb(server.Id):F0} | {rate:F0} |"));
        }

        var done = Stopwatch.StartNew();
        await ForAllAsync(0, started, clients, async i =>
        {
            using var r = await http.PostAsJsonAsync("/api/v1/namespaces/default/events", new { name = "go", correlation = "k" + i, payload = new { i } });
            r.EnsureSuccessStatusCode();
        });
        while ((await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/default/runs?definition=bench-wait&status=queued,running,waiting&limit=1"))!["items"]!.AsArray().Count > 0)
            await Task.Delay(50);
        done.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{label}: sent {started} events and every run completed in {done.Elapsed.TotalSeconds:F1} s ({started / done.Elapsed.TotalSeconds:F0} runs/s); server RSS after: {RssMb(server.Id):F0} MB"));
        server.Kill(entireProcessTree: true);
    }

    private static Task ForAllAsync(int from, int to, int clients, Func<int, Task> action)
    {
        var next = from - 1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to) await action(i);
        }));
    }

    /// <summary>The process's resident set size, from /proc (Linux).</summary>
    private static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>
/// Runs waiting at an <c>event</c> step, through a real server process: starts N runs that each wait for their own
/// event, reads the server's resident memory (VmRSS) before and with all N waiting, then sends the N events through
/// the API and times until every run has completed.
/// </summary>
internal static class EventsBenchmark
{
    private const string Definition = """
        name: bench-event
        input:
          key: { type: string, required: true }
        steps:
          - id: wait
            kind: event
            event: go
            correlation: ${ input.key }
          - id: done
            kind: end
            output: { got: "${ steps.wait.output.payload.n }" }
        """;

    public sealed record Result(int Waiting, double RssBeforeMiB, double RssWaitingMiB, double StartSeconds, double EventsSeconds)
    {
        public double CompletedPerSecond => Waiting / EventsSeconds;
    }

    public static async Task<Result> RunAsync(StorageOptions storage, string dir, int waiting, int clients)
    {
        var port = HttpBenchmark.FreePort();
        using var server = HttpBenchmark.StartServer(storage, dir, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            await HttpBenchmark.WaitHealthyAsync(http, server);
            using (var deploy = new StringContent(Definition, Encoding.UTF8, "application/yaml"))
                (await http.PostAsync("/api/v1/namespaces/default/definitions", deploy)).EnsureSuccessStatusCode();
            var before = RssMiB(server.Id);

            var sw = Stopwatch.StartNew();
            await ManyAsync(waiting, clients, async i =>
            {
                using var response = await http.PostAsJsonAsync("/api/v1/namespaces/default/runs", new { definition = "bench-event", input = new { key = Key(i) } });
                response.EnsureSuccessStatusCode();
            });
            var startSeconds = sw.Elapsed.TotalSeconds;
            // Let the runtime settle (the start requests' garbage) before reading what the waiting runs cost.
            await Task.Delay(2000);
            var withWaiting = RssMiB(server.Id);

            sw.Restart();
            await ManyAsync(waiting, clients, async i =>
            {
                using var response = await http.PostAsJsonAsync("/api/v1/namespaces/default/events", new { name = "go", correlation = Key(i), payload = new { n = i } });
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                if (body?["matched"] is null) throw new InvalidOperationException($"event {i} matched no run");
            });
            await WaitDrainedAsync(http);
            return new Result(waiting, before, withWaiting, startSeconds, sw.Elapsed.TotalSeconds);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private static string Key(int i) => "k-" + i.ToString(CultureInfo.InvariantCulture);

    private static async Task ManyAsync(int count, int clients, Func<int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await action(i);
        }));
    }

    private static async Task WaitDrainedAsync(HttpClient http)
    {
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/default/runs?definition=bench-event&status=queued,running,waiting&limit=1");
            if (page!["items"]!.AsArray().Count == 0) return;
            await Task.Delay(20);
        }
    }

    /// <summary>The process's resident set from <c>/proc/&lt;pid&gt;/status</c> (Linux), in MiB.</summary>
    private static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }
        return double.NaN;
    }
}

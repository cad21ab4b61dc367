using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>
/// Runs through the HTTP API of a real server process: (a) N runs started by concurrent clients, time until
/// none is left unfinished; (b) one at a time, time from the POST until a GET sees it completed.
/// </summary>
internal static class HttpBenchmark
{
    public static async Task<(double RunsPerSecond, double P50, double P99)> RunAsync(StorageOptions storage, string dir, int runs, int latencySamples, int clients)
    {
        var port = FreePort();
        using var server = StartServer(storage, dir, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitHealthyAsync(http, server);
        using (var deploy = new StringContent(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "bench.yaml")), Encoding.UTF8, "application/yaml"))
            (await http.PostAsync("/api/v1/namespaces/default/definitions", deploy)).EnsureSuccessStatusCode();

        // Warmed up as the engine benchmark is (see there): several bursts with pauses, so the server's hot path has
        // been recompiled at the JIT's optimized tier before it is measured.
        for (var round = 0; round < EngineBenchmark.WarmUpRounds; round++)
        {
            await StartManyAsync(http, 1000, clients);
            await WaitDrainedAsync(http);
            await Task.Delay(300);
        }

        var sw = Stopwatch.StartNew();
        await StartManyAsync(http, runs, clients);
        await WaitDrainedAsync(http);
        sw.Stop();
        var throughput = runs / sw.Elapsed.TotalSeconds;

        var latencies = new List<double>();
        for (var i = 0; i < latencySamples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync("/api/v1/namespaces/default/runs", new { definition = "bench", input = new { n = i } });
            var created = await response.Content.ReadFromJsonAsync<JsonObject>();
            var id = created!["id"]!.GetValue<string>();
            // In-process steps run before the start request answers: its status is already the run's end when it got there.
            while (created["status"]?.GetValue<string>() != "completed")
            {
                created = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/namespaces/default/runs/{id}"))!;
            }
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        latencies.Sort();
        server.Kill(entireProcessTree: true);
        return (throughput, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    private static async Task StartManyAsync(HttpClient http, int runs, int clients)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < runs)
            {
                using var response = await http.PostAsJsonAsync("/api/v1/namespaces/default/runs", new { definition = "bench", input = new { n = i } });
                response.EnsureSuccessStatusCode();
            }
        }));
    }

    private static async Task WaitDrainedAsync(HttpClient http)
    {
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/default/runs?definition=bench&status=queued,running,waiting&limit=1");
            if (page!["items"]!.AsArray().Count == 0) return;
            await Task.Delay(5);
        }
    }

    internal static Process StartServer(StorageOptions storage, string dir, int port)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Weft.slnx"))) root = root.Parent;
        var dll = Path.Combine(root!.FullName, "src", "Weft.Server", "bin", "Release", "net10.0", "Weft.Server.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Weft__Storage__Provider"] = storage.Provider;
        info.Environment["Weft__Storage__Synchronous"] = storage.Synchronous;
        if (storage.ConnectionString is not null) info.Environment["Weft__Storage__ConnectionString"] = storage.ConnectionString;
        info.Environment["Weft__Auth__BootstrapClientId"] = BenchClient;
        info.Environment["Weft__Auth__BootstrapClientSecret"] = BenchSecret;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private const string BenchClient = "bench";
    private const string BenchSecret = "bench-secret-0123456789abcdef";

    /// <summary>Waits for /health, then gives <paramref name="http"/> a bearer token of the bootstrap administrator (valid 15 minutes).</summary>
    internal static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 600; i++)
        {
            if (server.HasExited) throw new InvalidOperationException("the server exited");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    await Fuzz.FuzzServer.UseClientTokenAsync(http, BenchClient, BenchSecret);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not become healthy");
    }

    internal static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}

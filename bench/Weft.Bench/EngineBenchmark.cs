using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Core.Runs;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>Runs through the engine directly: (a) N runs started at once, time until all completed; (b) one at a time, start-to-completed latency.</summary>
internal static class EngineBenchmark
{
    /// <summary>Bursts of 2,000 runs before measuring (see the warm-up's comment).</summary>
    internal const int WarmUpRounds = 4;

    public static async Task<(double RunsPerSecond, double P50, double P99)> RunAsync(StorageOptions storage, string dir, int runs, int latencySamples)
    {
        await using var host = await EngineHost.StartAsync(storage, dir);
        await host.Definitions.DeployAsync("default", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "bench.yaml")), json: false, CancellationToken.None);
        var ended = new ConcurrentDictionary<string, long>();
        var completed = 0;
        var all = new TaskCompletionSource();
        var target = runs;
        host.Node.Ended.RunEnded += run =>
        {
            ended[run.Id] = Stopwatch.GetTimestamp();
            if (run.Status != RunStatus.Completed) Console.Error.WriteLine($"run {run.Id} ended {run.Status}: {run.Error?.Message}");
            if (Interlocked.Increment(ref completed) == target) all.TrySetResult();
        };

        // Warm up as a server that has been running is: connection pools, prepared statements, and the JIT's tiers.
        // The runtime recompiles hot methods optimized (with profile data) in the background, once calls to them have
        // gone on for a while; one burst leaves much of the path at its first, slower tier (measured here: the same
        // build gave 4,100 to 6,100 runs/s from one run to the next). Several bursts with pauses let that finish.
        for (var round = 0; round < WarmUpRounds; round++)
        {
            completed = 0;
            target = 2000;
            all = new TaskCompletionSource();
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => host.StartAsync("bench", new JsonObject { ["n"] = i }))));
            await all.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(300);
        }

        completed = 0;
        target = runs;
        all = new TaskCompletionSource();
        var sw = Stopwatch.StartNew();
        using var progress = Environment.GetEnvironmentVariable("WEFT_BENCH_PROGRESS") == "1"
            ? new Timer(_ => Console.Error.WriteLine($"    {sw.ElapsedMilliseconds} ms: {Volatile.Read(ref completed)} completed"), null, 500, 500) : null;
        await Task.WhenAll(Enumerable.Range(0, runs).Select(i => Task.Run(() => host.StartAsync("bench", new JsonObject { ["n"] = i }))));
        var started = sw.Elapsed;
        await all.Task.WaitAsync(TimeSpan.FromMinutes(10));
        if (Environment.GetEnvironmentVariable("WEFT_BENCH_VERBOSE") == "1")
            Console.Error.WriteLine($"  all {runs} starts committed after {started.TotalMilliseconds:F0} ms; all completed after {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Stop();
        var throughput = runs / sw.Elapsed.TotalSeconds;

        var latencies = new List<double>();
        for (var i = 0; i < latencySamples; i++)
        {
            completed = 0;
            target = 1;
            all = new TaskCompletionSource();
            var start = Stopwatch.GetTimestamp();
            await host.StartAsync("bench", new JsonObject { ["n"] = i });
            await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        latencies.Sort();
        return (throughput, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }
}

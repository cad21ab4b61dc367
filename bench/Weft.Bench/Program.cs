using System.Globalization;
using Weft.Bench;
using Weft.Storage;

// Usage: Weft.Bench [engine|http|all] [--runs 5000] [--latency 500] [--clients 32]
//        [--sqlite-sync FULL|NORMAL] [--postgres "<Npgsql connection string>"] [--only-postgres]
//        Weft.Bench events [--waiting 10000,100000] [--clients 32] [--sqlite-sync ...] [--postgres ...]
//        Weft.Bench list --runs 1000000 --provider sqlite|postgres [--postgres "<server connection string>"] [--samples 20]
//          [--keep <folder (sqlite) | database (postgres)>]: load there once, keep it, and reuse it next time
//        Weft.Bench expressions [--iterations 20000]: the expression engine alone (parse, evaluate), one thread
//        Weft.Bench fuzz [--requests 20000] [--seed 1] [--report <folder>]: mutated requests over the write routes of a real
//          server (SQLite); exit code 1 on any 5xx, death, timeout or a server that no longer runs hello (scripts/fuzz.sh)
// scripts/bench.sh starts a throwaway PostgreSQL and passes --postgres.
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var runs = int.Parse(Arg("--runs") ?? "5000", CultureInfo.InvariantCulture);
var samples = int.Parse(Arg("--latency") ?? "500", CultureInfo.InvariantCulture);
var clients = int.Parse(Arg("--clients") ?? "32", CultureInfo.InvariantCulture);
// --only-postgres: measure PostgreSQL alone (no SQLite rows).
var syncs = args.Contains("--only-postgres") ? [] : (Arg("--sqlite-sync") ?? "FULL,NORMAL").Split(',');
var postgres = Arg("--postgres");

var stores = new List<(string Label, StorageOptions Options)>();
foreach (var sync in syncs) stores.Add(($"SQLite synchronous={sync}", new StorageOptions { Provider = "sqlite", Synchronous = sync }));
if (postgres is not null) stores.Add(("PostgreSQL (fsync on, synchronous_commit on)", new StorageOptions { Provider = "postgres", ConnectionString = postgres }));

if (mode == "expressions")
{
    ExpressionBenchmark.Run(int.Parse(Arg("--iterations") ?? "20000", CultureInfo.InvariantCulture));
    return;
}

if (mode == "list")
{
    await ListBenchmark.RunAsync(Arg("--provider") ?? "sqlite", runs, int.Parse(Arg("--samples") ?? "20", CultureInfo.InvariantCulture), postgres, Arg("--keep"));
    return;
}

if (mode == "fuzz")
{
    var seed = int.Parse(Arg("--seed") ?? "1", CultureInfo.InvariantCulture);
    var work = Path.Combine(Path.GetTempPath(), "weft-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(work);
    var root = new DirectoryInfo(AppContext.BaseDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "Weft.slnx"))) root = root.Parent;
    var fuzz = new Weft.Bench.Fuzz.FuzzOptions
    {
        Requests = int.Parse(Arg("--requests") ?? "20000", CultureInfo.InvariantCulture),
        Seed = seed,
        ServerDll = Path.Combine(root!.FullName, "src", "Weft.Server", "bin", "Release", "net10.0", "Weft.Server.dll"),
        Samples = Path.Combine(root.FullName, "samples"),
        WorkDir = work,
        ReportDir = Arg("--report") ?? Path.Combine(work, "report"),
        Progress = Console.Error.WriteLine,
    };
    Console.WriteLine($"Weft fuzz: {fuzz.Requests} mutated requests over the write routes, seed {seed}, one at a time; {Environment.ProcessorCount} cores; report in {fuzz.ReportDir}");
    var outcome = await Weft.Bench.Fuzz.FuzzRun.RunAsync(fuzz);
    Console.WriteLine(outcome.Summary());
    Environment.ExitCode = outcome.Passed ? 0 : 1;
    return;
}

if (mode == "events")
{
    var counts = (Arg("--waiting") ?? "10000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine($"Weft event benchmark: runs waiting at an event step, then one event each through the API; {clients} clients; {Environment.ProcessorCount} cores");
    Console.WriteLine("| store | waiting runs | RSS before MiB | RSS with them waiting MiB | starting them s | events until all completed s | completed runs/s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var (label, options) in stores)
    {
        foreach (var count in counts)
        {
            var dir = Path.Combine(Path.GetTempPath(), "weft-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            if (options.Provider == "postgres") await ResetPostgresAsync(options.ConnectionString!);
            var r = await EventsBenchmark.RunAsync(options, dir, count, clients);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {r.Waiting} | {r.RssBeforeMiB:F0} | {r.RssWaitingMiB:F0} | {r.StartSeconds:F1} | {r.EventsSeconds:F1} | {r.CompletedPerSecond:F0} |"));
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
    return;
}

Console.WriteLine($"Weft benchmark: {runs} runs started at once; {samples} runs one at a time; {Environment.ProcessorCount} cores");
Console.WriteLine("| path | store | completed runs/s | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var (label, options) in stores)
{
    foreach (var path in mode == "all" ? new[] { "engine", "http" } : [mode])
    {
        var dir = Path.Combine(Path.GetTempPath(), "weft-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        if (options.Provider == "postgres") await ResetPostgresAsync(options.ConnectionString!);
        var result = path == "engine"
            ? await EngineBenchmark.RunAsync(options, dir, runs, samples)
            : await HttpBenchmark.RunAsync(options, dir, runs, samples, clients);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {path} | {label} | {result.RunsPerSecond:F0} | {result.P50:F2} | {result.P99:F2} |"));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}

static async Task ResetPostgresAsync(string cs)
{
    await using var connection = new Npgsql.NpgsqlConnection(cs);
    await connection.OpenAsync();
    await using var cmd = new Npgsql.NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", connection);
    await cmd.ExecuteNonQueryAsync();
}

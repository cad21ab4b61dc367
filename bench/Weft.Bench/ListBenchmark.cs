using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>
/// The run listing at scale: bulk-loads N runs (see <see cref="ListLoader"/>) into SQLite or PostgreSQL, starts a
/// real server on that database, and times list pages through HTTP for each filter and sort: the first page and
/// a deep one with <c>offset</c> (both with <c>total</c>), and a cursor page.
/// </summary>
internal static class ListBenchmark
{
    /// <param name="keep">A folder (SQLite) or database name (PostgreSQL) to load into and keep; when it already
    /// holds the runs, the load is skipped (to measure again after a change, and to see a migration on a big table).</param>
    public static async Task RunAsync(string provider, int runs, int samples, string? postgresBase, string? keep = null)
    {
        var dir = keep is not null && provider == "sqlite" ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), "weft-listbench-" + Guid.NewGuid().ToString("N")[..8]);
        var reuse = keep is not null && (provider == "postgres" || File.Exists(Path.Combine(dir, "data", "weft.db")));
        Directory.CreateDirectory(dir);
        string? database = null;
        StorageOptions storage;
        if (provider == "postgres")
        {
            var baseCs = postgresBase ?? throw new ArgumentException("--postgres \"<connection string>\" is needed for --provider postgres");
            database = keep ?? "weft_listbench_" + Guid.NewGuid().ToString("N")[..8];
            reuse = keep is not null && await PgDatabaseHasRunsAsync(baseCs, database);
            if (!reuse) await PgExecAsync(baseCs, $"CREATE DATABASE {database}");
            storage = new StorageOptions { Provider = "postgres", ConnectionString = new NpgsqlConnectionStringBuilder(baseCs) { Database = database }.ConnectionString };
        }
        else storage = new StorageOptions { Provider = "sqlite", Synchronous = "NORMAL" };
        try
        {
            var port = HttpBenchmark.FreePort();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            if (reuse) Console.WriteLine($"Reusing the runs already in {(provider == "postgres" ? database : dir)} (the server migrates them if the schema moved on)");
            else using (var server = HttpBenchmark.StartServer(storage, dir, port))
            {
                await HttpBenchmark.WaitHealthyAsync(http, server);
                for (var i = 0; i < ListLoader.Definitions; i++)
                {
                    using var yaml = new StringContent($"name: def-{i}\nsteps:\n  - id: first\n    kind: set\n    values: {{ n: 1 }}\n", Encoding.UTF8, "application/yaml");
                    (await http.PostAsync("/api/v1/namespaces/default/definitions", yaml)).EnsureSuccessStatusCode();
                }
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            var sw = Stopwatch.StartNew();
            var sqlitePath = Path.Combine(dir, "data", "weft.db");
            if (reuse) { }
            else if (provider == "postgres") await ListLoader.LoadPostgresAsync(storage.ConnectionString!, runs, await DefinitionsAsync(new NpgsqlConnection(storage.ConnectionString)));
            else await ListLoader.LoadSqliteAsync(sqlitePath, runs, await DefinitionsAsync(new SqliteConnection($"Data Source={sqlitePath}")));
            if (!reuse) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {runs:N0} runs into {provider} in {sw.Elapsed.TotalSeconds:F0} s (indexes built after the load); {Environment.ProcessorCount} cores; load average {LoadAverage()}"));

            sw.Restart();
            using var measured = HttpBenchmark.StartServer(storage, dir, port);
            await HttpBenchmark.WaitHealthyAsync(http, measured);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Server ready in {sw.Elapsed.TotalSeconds:F1} s (including any migration)"));
            Console.WriteLine($"Listing through HTTP, {samples} samples per row after 2 warm-ups, limit=50; times in ms");
            Console.WriteLine("| query | page | p50 | p95 | p99 | total |");
            Console.WriteLine("|---|---|---:|---:|---:|---|");
            foreach (var (label, query) in Queries())
            {
                foreach (var page in new[] { "first", "offset 10000", "cursor" })
                {
                    var (p50, p95, p99, total) = await MeasureAsync(http, query, page, samples);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {page} | {p50:F1} | {p95:F1} | {p99:F1} | {total} |"));
                }
            }
            Console.WriteLine($"load average after: {LoadAverage()}");
            measured.Kill(entireProcessTree: true);
            await measured.WaitForExitAsync();
        }
        finally
        {
            if (database is not null && keep is null)
            {
                NpgsqlConnection.ClearAllPools();
                await PgExecAsync(postgresBase!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
            if (keep is null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static async Task<bool> PgDatabaseHasRunsAsync(string baseCs, string database)
    {
        await using var connection = new NpgsqlConnection(baseCs);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @d", connection);
        exists.Parameters.AddWithValue("d", database);
        if (await exists.ExecuteScalarAsync() is null) return false;
        await using var target = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(baseCs) { Database = database }.ConnectionString);
        await target.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT to_regclass('public.runs') IS NOT NULL AND EXISTS (SELECT 1 FROM runs)", target);
        return await count.ExecuteScalarAsync() is true;
    }

    private static IEnumerable<(string Label, string Query)> Queries()
    {
        string T(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture));
        var now = ListLoader.Now;
        yield return ("no filter (createdAt:desc)", "");
        yield return ("definition", "definition=def-3");
        yield return ("status=failed", "status=failed");
        yield return ("status=running,waiting", "status=running,waiting");
        yield return ("status=queued,paused", "status=queued,paused");
        yield return ("created range (7 days)", $"createdFrom={T(now.AddDays(-40))}&createdTo={T(now.AddDays(-33))}");
        yield return ("updated range (1 day)", $"updatedFrom={T(now.AddDays(-20))}&updatedTo={T(now.AddDays(-19))}");
        yield return ("initiator", "initiator=user-42");
        yield return ("tag region:eu", "tag=region:eu");
        yield return ("tag tier:gold", "tag=tier:gold");
        yield return ("businessKey", "businessKey=order-0500002");
        yield return ("q=def-7 (name)", "q=def-7");
        yield return ("q=der-01234 (key)", "q=der-01234");
        foreach (var sort in new[] { "createdAt", "updatedAt", "name", "status" })
        foreach (var dir in new[] { "asc", "desc" })
            yield return ($"sort={sort}:{dir}", $"sort={sort}:{dir}");
        yield return ("status=failed, sort=updatedAt:desc", "status=failed&sort=updatedAt:desc");
        yield return ("definition, sort=name:asc", "definition=def-3&sort=name:asc");
    }

    private static async Task<(double P50, double P95, double P99, string Total)> MeasureAsync(HttpClient http, string query, string page, int samples)
    {
        var path = "/api/v1/namespaces/default/runs?limit=50" + (query.Length > 0 ? "&" + query : "");
        if (page == "first") path += "&offset=0";
        else if (page == "offset 10000") path += "&offset=10000";
        else
        {
            var first = await http.GetFromJsonAsync<JsonObject>(path);
            if (first!["nextCursor"]?.GetValue<string>() is not { } cursor) return (double.NaN, double.NaN, double.NaN, "one page only");
            path += "&cursor=" + Uri.EscapeDataString(cursor);
        }
        var times = new List<double>();
        var total = "";
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < samples + 2 && budget.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
            if (i >= 2) times.Add(ms);
            total = body!["total"] is { } t ? t.ToString() + (body["totalEstimated"]?.GetValue<bool>() == true ? " (estimated)" : "") : "-";
        }
        times.Sort();
        return (Stats.Percentile(times, 50), Stats.Percentile(times, 95), Stats.Percentile(times, 99), total);
    }

    private static async Task<List<(string Id, string Name)>> DefinitionsAsync(System.Data.Common.DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, name FROM definitions ORDER BY name";
            var list = new List<(string, string)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
            return list;
        }
    }

    private static async Task PgExecAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Weft.Bench;

/// <summary>
/// Bulk-loads runs straight through SQL for the listing benchmark: 10 definitions, every status, created and
/// updated over 90 days, tags, business keys and initiators. The indexes on <c>runs</c> and <c>run_tags</c> are
/// dropped for the load and built again after it (their DDL is read from the database).
/// </summary>
internal static class ListLoader
{
    public const int Definitions = 10;
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly long Start = (Now - TimeSpan.FromDays(90)).ToUnixTimeMilliseconds();
    private static readonly long Span = (long)TimeSpan.FromDays(90).TotalMilliseconds;

    // queued, running, waiting, paused, completed, failed, terminated, timedOut
    private static readonly int[] StatusWeights = [1, 4, 6, 2, 70, 10, 4, 3];
    private static readonly string[] Regions = ["eu", "us", "apac"];
    private static readonly string[] Tiers = ["gold", "silver", "bronze"];

    internal sealed record Row(string Id, string Definition, int Status, long Created, long Updated, long? Ended, string? BusinessKey, string? Initiator, string Region, string? Tier);

    public static IEnumerable<Row> Rows(int count, IReadOnlyList<(string Id, string Name)> definitions)
    {
        var random = new Random(42);
        var total = StatusWeights.Sum();
        for (var i = 0; i < count; i++)
        {
            var created = Start + (long)(random.NextDouble() * Span);
            var pick = random.Next(total);
            var status = 0;
            while (pick >= StatusWeights[status]) pick -= StatusWeights[status++];
            var updated = Math.Min(Now.ToUnixTimeMilliseconds(), created + (long)(random.NextDouble() * 86_400_000));
            var id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(created)).ToString();
            yield return new Row(id, definitions[random.Next(Definitions)].Name, status, created, updated, status >= 4 ? updated : null,
                random.Next(2) == 0 ? $"order-{i:D7}" : null,
                random.Next(5) == 0 ? null : $"user-{random.Next(100):D2}",
                Regions[random.Next(Regions.Length)], random.Next(10) < 3 ? Tiers[random.Next(Tiers.Length)] : null);
        }
    }

    private static string State(Row r) => $"{{\"vars\":{{\"n\":{r.Created % 1000}}},\"steps\":[{{\"id\":\"first\",\"kind\":\"set\",\"status\":\"completed\",\"attempts\":1,\"totalAttempts\":1,\"executions\":1,\"startedAt\":\"2026-01-01T00:00:00+00:00\"}}],\"initiator\":{(r.Initiator is null ? "null" : "\"" + r.Initiator + "\"")},\"scopes\":[],\"ready\":[],\"nextSeq\":6}}";

    private static string Tags(Row r) => r.Tier is null ? $"{{\"region\":\"{r.Region}\"}}" : $"{{\"region\":\"{r.Region}\",\"tier\":\"{r.Tier}\"}}";

    public static async Task LoadSqliteAsync(string path, int count, IReadOnlyList<(string Id, string Name)> definitions)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await ExecAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;");
        var indexes = await DropIndexesAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('runs', 'run_tags') AND sql IS NOT NULL",
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('runs', 'run_tags') AND sql IS NOT NULL");
        const int perStatement = 100;
        var batch = new List<Row>(perStatement);
        var tx = connection.BeginTransaction();
        var n = 0;
        foreach (var row in Rows(count, definitions))
        {
            batch.Add(row);
            if (batch.Count < perStatement) continue;
            await InsertSqliteAsync(connection, tx, batch, definitions);
            batch.Clear();
            if ((n += perStatement) % 50_000 == 0)
            {
                await tx.CommitAsync();
                tx = connection.BeginTransaction();
            }
        }
        if (batch.Count > 0) await InsertSqliteAsync(connection, tx, batch, definitions);
        await tx.CommitAsync();
        foreach (var sql in indexes) await ExecAsync(connection, sql);
        await ExecAsync(connection, "ANALYZE;");
    }

    private static async Task InsertSqliteAsync(SqliteConnection connection, SqliteTransaction tx, List<Row> rows, IReadOnlyList<(string Id, string Name)> definitions)
    {
        var runs = new StringBuilder("INSERT INTO runs (id, namespace, definition_id, definition_name, definition_version, status, input, state, created_at, updated_at, ended_at, version, tags, business_key, initiator) VALUES ");
        var tags = new StringBuilder("INSERT INTO run_tags (run_id, tag_key, value, run_namespace, run_created_at) VALUES ");
        await using var command = connection.CreateCommand();
        await using var tagCommand = connection.CreateCommand();
        command.Transaction = tx;
        tagCommand.Transaction = tx;
        var t = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (i > 0) runs.Append(',');
            runs.Append(CultureInfo.InvariantCulture, $"(@i{i},'default',@d{i},@n{i},1,{r.Status},'{{}}',@s{i},{r.Created},{r.Updated},{(r.Ended is null ? "NULL" : r.Ended.Value.ToString(CultureInfo.InvariantCulture))},3,@t{i},@b{i},@u{i})");
            command.Parameters.AddWithValue($"@i{i}", r.Id);
            command.Parameters.AddWithValue($"@d{i}", definitions.First(d => d.Name == r.Definition).Id);
            command.Parameters.AddWithValue($"@n{i}", r.Definition);
            command.Parameters.AddWithValue($"@s{i}", State(r));
            command.Parameters.AddWithValue($"@t{i}", Tags(r));
            command.Parameters.AddWithValue($"@b{i}", (object?)r.BusinessKey ?? DBNull.Value);
            command.Parameters.AddWithValue($"@u{i}", (object?)r.Initiator ?? DBNull.Value);
            foreach (var (key, value) in TagRows(r))
            {
                if (t > 0) tags.Append(',');
                tags.Append(CultureInfo.InvariantCulture, $"(@i{i},'{key}','{value}','default',{r.Created})");
                t++;
            }
        }
        command.CommandText = runs.ToString();
        await command.ExecuteNonQueryAsync();
        tagCommand.CommandText = tags.ToString();
        foreach (SqliteParameter p in command.Parameters)
            if (p.ParameterName.StartsWith("@i", StringComparison.Ordinal)) tagCommand.Parameters.AddWithValue(p.ParameterName, p.Value);
        await tagCommand.ExecuteNonQueryAsync();
    }

    private static IEnumerable<(string Key, string Value)> TagRows(Row r)
    {
        yield return ("region", r.Region);
        if (r.Tier is not null) yield return ("tier", r.Tier);
    }

    public static async Task LoadPostgresAsync(string cs, int count, IReadOnlyList<(string Id, string Name)> definitions)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        var indexes = await DropIndexesAsync(connection,
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('runs', 'run_tags') AND indexname NOT IN ('runs_pkey', 'run_tags_pkey')",
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('runs', 'run_tags') AND indexname NOT IN ('runs_pkey', 'run_tags_pkey')");
        var ids = definitions.ToDictionary(d => d.Name, d => d.Id);
        var rows = Rows(count, definitions).ToList();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY runs (id, namespace, definition_id, definition_name, definition_version, status, input, state, created_at, updated_at, ended_at, version, tags, business_key, initiator) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(r.Id, NpgsqlDbType.Text);
                await importer.WriteAsync("default", NpgsqlDbType.Text);
                await importer.WriteAsync(ids[r.Definition], NpgsqlDbType.Text);
                await importer.WriteAsync(r.Definition, NpgsqlDbType.Text);
                await importer.WriteAsync(1, NpgsqlDbType.Integer);
                await importer.WriteAsync(r.Status, NpgsqlDbType.Integer);
                await importer.WriteAsync("{}", NpgsqlDbType.Text);
                await importer.WriteAsync(State(r), NpgsqlDbType.Text);
                await importer.WriteAsync(r.Created, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.Updated, NpgsqlDbType.Bigint);
                if (r.Ended is { } e) await importer.WriteAsync(e, NpgsqlDbType.Bigint); else await importer.WriteNullAsync();
                await importer.WriteAsync(3L, NpgsqlDbType.Bigint);
                await importer.WriteAsync(Tags(r), NpgsqlDbType.Text);
                if (r.BusinessKey is { } b) await importer.WriteAsync(b, NpgsqlDbType.Text); else await importer.WriteNullAsync();
                if (r.Initiator is { } u) await importer.WriteAsync(u, NpgsqlDbType.Text); else await importer.WriteNullAsync();
            }
            await importer.CompleteAsync();
        }
        await using (var importer = await connection.BeginBinaryImportAsync("COPY run_tags (run_id, tag_key, value, run_namespace, run_created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                foreach (var (key, value) in TagRows(r))
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(r.Id, NpgsqlDbType.Text);
                    await importer.WriteAsync(key, NpgsqlDbType.Text);
                    await importer.WriteAsync(value, NpgsqlDbType.Text);
                    await importer.WriteAsync("default", NpgsqlDbType.Text);
                    await importer.WriteAsync(r.Created, NpgsqlDbType.Bigint);
                }
            }
            await importer.CompleteAsync();
        }
        foreach (var sql in indexes) await ExecAsync(connection, sql);
        await ExecAsync(connection, "VACUUM ANALYZE runs");
        await ExecAsync(connection, "VACUUM ANALYZE run_tags");
    }

    private static async Task<List<string>> DropIndexesAsync(DbConnection connection, string ddlSql, string namesSql)
    {
        var ddl = await ListAsync(connection, ddlSql);
        foreach (var name in await ListAsync(connection, namesSql)) await ExecAsync(connection, $"DROP INDEX {name}");
        return ddl;
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }

    private static async Task ExecAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}

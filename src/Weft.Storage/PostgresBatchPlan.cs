using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace Weft.Storage;

/// <summary>
/// How a group of checkpoints goes to PostgreSQL: the row inserts that every checkpoint makes (its run's first row,
/// its history, its webhook deliveries) are merged across the whole group into one <c>INSERT ... SELECT FROM
/// unnest(...)</c> each, with one array parameter per column, so a group of N run starts is a handful of
/// statements instead of 4·N. Each merged statement has the same text whatever N is, so it is prepared once per
/// connection. Every other statement is sent as it is, in its place.
/// </summary>
/// <remarks>
/// Order: the merged run rows go where the first of them was, history and deliveries where the last was. No
/// statement of a checkpoint reads the rows those inserts write (the tables have no foreign keys between them), so
/// only the order of statements that change the same rows matters, and it is kept. A merged insert either writes
/// every row or fails whole (a constraint error: the writer then writes the checkpoints one by one, unmerged).
/// </remarks>
internal sealed class PostgresBatchPlan
{
    private enum Kind
    {
        Run,
        History,
        Delivery,
    }

    /// <summary>Columns written as <c>bigint</c> (integer columns take them by assignment); every other column is text.</summary>
    private static readonly HashSet<string> NumberColumns = new(StringComparer.Ordinal)
    {
        "definition_version", "status", "created_at", "updated_at", "ended_at", "version", "parent_attempt", "first_seq", "at", "number",
    };

    /// <summary>
    /// Fewer statements of a kind than this are sent as they are: one checkpoint alone (a run's start and end deliveries)
    /// costs less as its own small prepared statements than as a merged one, whose join the server plans again.
    /// </summary>
    private const int MinMerged = 4;

    private static readonly string[] HistoryColumns = ["run_id", "first_seq", "events"];

    private static readonly string[] DeliveryColumns = ["delivery_prefix", "event", "at", "data", "ns", "pattern", "def"];

    private static readonly string DeliverySql =
        "INSERT INTO webhook_deliveries (id, subscription_id, namespace, event, occurred_at, data, status, attempts, due_at, since, lease_token) " +
        "SELECT v.delivery_prefix || s.id, s.id, s.namespace, v.event, v.at, v.data, 'pending', 0, v.at, v.at, 0 " +
        $"FROM {Unnest(DeliveryColumns)} AS v({string.Join(", ", DeliveryColumns)}) " +
        "JOIN webhook_subscriptions s ON s.namespace = v.ns AND s.active = 1 AND s.events LIKE v.pattern AND (s.definition IS NULL OR s.definition = v.def)";

    private static readonly string HistorySql = $"INSERT INTO history_batches ({string.Join(", ", HistoryColumns)}) SELECT * FROM {Unnest(HistoryColumns)}";

    private static readonly ConcurrentDictionary<string, string> RunSql = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Statement> _statements;

    // What is sent, in order: a statement of the checkpoint (its index), or a merged insert (-1 - the group's index).
    private readonly List<int> _order = [];
    private readonly List<Merged> _merged = [];

    private PostgresBatchPlan(IReadOnlyList<Statement> statements) => _statements = statements;

    /// <summary>Plans the batch: which statements merge, and where each merged insert goes.</summary>
    public static PostgresBatchPlan For(IReadOnlyList<Statement> statements, string insertRunSql, string insertHistorySql, string insertDeliveriesSql)
    {
        var plan = new PostgresBatchPlan(statements);
        var members = new Dictionary<Kind, List<int>>();
        for (var i = 0; i < statements.Count; i++)
        {
            var sql = statements[i].Sql;
            Kind? kind = ReferenceEquals(sql, insertRunSql) ? Kind.Run
                : ReferenceEquals(sql, insertDeliveriesSql) ? Kind.Delivery
                : ReferenceEquals(sql, insertHistorySql) ? Kind.History
                : null;
            if (kind is { } k)
            {
                if (!members.TryGetValue(k, out var list)) members[k] = list = [];
                list.Add(i);
            }
        }
        var placed = new Dictionary<int, int>();
        foreach (var (kind, list) in members)
        {
            if (list.Count < MinMerged || Merge(kind, list, statements) is not { } merged) continue;
            plan._merged.Add(merged);
            placed[kind == Kind.Run ? list[0] : list[^1]] = plan._merged.Count - 1;
        }
        var skipped = plan._merged.SelectMany(m => m.Members).ToHashSet();
        for (var i = 0; i < statements.Count; i++)
        {
            if (placed.TryGetValue(i, out var m)) plan._order.Add(-1 - m);
            else if (!skipped.Contains(i)) plan._order.Add(i);
        }
        return plan;
    }

    /// <summary>The commands to send, in order.</summary>
    public IEnumerable<NpgsqlBatchCommand> Commands()
    {
        foreach (var entry in _order)
        {
            if (entry < 0)
            {
                yield return _merged[-1 - entry].Command;
                continue;
            }
            var s = _statements[entry];
            var cmd = new NpgsqlBatchCommand(s.Sql);
            foreach (var (name, value) in s.Parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
            yield return cmd;
        }
    }

    /// <summary>Each statement's affected row count, from the sent commands' counts (in the order of <see cref="Commands"/>).</summary>
    public int[] Affected(IReadOnlyList<int> sent)
    {
        var counts = new int[_statements.Count];
        for (var k = 0; k < _order.Count; k++)
        {
            var entry = _order[k];
            if (entry >= 0)
            {
                counts[entry] = sent[k];
                continue;
            }
            var merged = _merged[-1 - entry];
            if (merged.Kind == Kind.Delivery)
            {
                // Deliveries are counted together: only whether any was written matters.
                counts[merged.Members[0]] = sent[k];
                continue;
            }
            // A merged insert wrote every row or failed: each statement wrote its own row.
            var whole = sent[k] == merged.Members.Count;
            foreach (var member in merged.Members) counts[member] = whole ? 1 : 0;
        }
        return counts;
    }

    private sealed record Merged(Kind Kind, List<int> Members, NpgsqlBatchCommand Command);

    /// <summary>One insert for the statements of a kind, or null when one of them has a shape not expected (then none merge).</summary>
    private static Merged? Merge(Kind kind, List<int> members, IReadOnlyList<Statement> statements)
    {
        string[] columns;
        string sql;
        if (kind == Kind.Run)
        {
            columns = [.. statements[members[0]].Parameters.Select(p => p.Key)];
            var key = string.Join(",", columns);
            sql = RunSql.GetOrAdd(key, static (_, c) => $"INSERT INTO runs ({string.Join(", ", c)}) SELECT * FROM {Unnest(c)}", columns);
        }
        else
        {
            columns = kind == Kind.History ? HistoryColumns : DeliveryColumns;
            sql = kind == Kind.History ? HistorySql : DeliverySql;
        }
        var values = columns.Select(_ => new List<object?>()).ToArray();
        foreach (var i in members)
        {
            var parameters = statements[i].Parameters;
            // Every merged statement is one row: runs and history batches name their parameters as the table's columns,
            // deliveries as the columns of v.
            if (parameters.Length != columns.Length) return null;
            for (var c = 0; c < columns.Length; c++)
            {
                var p = Array.FindIndex(parameters, x => x.Key == columns[c]);
                if (p < 0) return null;
                values[c].Add(parameters[p].Value);
            }
        }
        var command = new NpgsqlBatchCommand(sql);
        for (var c = 0; c < columns.Length; c++)
        {
            if (NumberColumns.Contains(columns[c]))
            {
                var numbers = new long?[values[c].Count];
                for (var r = 0; r < numbers.Length; r++)
                {
                    switch (values[c][r])
                    {
                        case null: break;
                        case long l: numbers[r] = l; break;
                        case int n: numbers[r] = n; break;
                        default: return null;
                    }
                }
                command.Parameters.Add(new NpgsqlParameter<long?[]>(columns[c], NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = numbers });
            }
            else
            {
                var texts = new string?[values[c].Count];
                for (var r = 0; r < texts.Length; r++)
                {
                    if (values[c][r] is not (null or string)) return null;
                    texts[r] = (string?)values[c][r];
                }
                command.Parameters.Add(new NpgsqlParameter<string?[]>(columns[c], NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = texts });
            }
        }
        return new Merged(kind, members, command);
    }

    private static string Unnest(IEnumerable<string> columns) =>
        "unnest(" + string.Join(", ", columns.Select(c => $"@{c}::{(NumberColumns.Contains(c) ? "bigint" : "text")}[]")) + ")";
}

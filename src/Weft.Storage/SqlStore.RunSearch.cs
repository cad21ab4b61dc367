using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Weft.Core.Storage;

namespace Weft.Storage;

/// <summary>The run listing's <c>q</c> search and its capped <c>total</c>, kept fast at a million runs (schema 11).</summary>
public abstract partial class SqlStore
{
    /// <summary>A listing's <c>total</c> is exact up to this many rows; beyond it, an estimate (<see cref="RunPage.TotalEstimated"/>).</summary>
    public const int ExactTotalUpTo = 10_000;

    /// <summary>
    /// The namespace's distinct definition names, one index seek each (a loose index scan over
    /// <c>ix_runs_ns_definition_created</c>): cheap however many runs there are, as long as names are few.
    /// </summary>
    private string DistinctNamesSql =>
        $"WITH RECURSIVE n(name) AS (SELECT MIN({NameColumn}) FROM runs WHERE namespace = @ns " +
        $"UNION ALL SELECT (SELECT MIN({NameColumn}) FROM runs WHERE namespace = @ns AND {NameColumn} > n.name) FROM n WHERE n.name IS NOT NULL) " +
        "SELECT name FROM n WHERE name IS NOT NULL";

    /// <summary>
    /// <c>q</c>: the definition names of the namespace's runs that contain it are found first and matched by name; business keys that contain it come from a trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL) when
    /// <c>q</c> has 3 characters or more (a trigram index cannot serve fewer), else from a scan.
    /// </summary>
    private async Task SearchAsync(DbConnection connection, RunQuery query, StringBuilder where, DynamicParameters p, CancellationToken ct)
    {
        var text = query.Search!.ToLowerInvariant();
        var like = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        p.Add("q", like);
        var names = (await connection.QueryAsync<string>(new CommandDefinition(DistinctNamesSql, new { ns = query.Namespace }, cancellationToken: ct)))
            .Where(n => n.Contains(query.Search, StringComparison.OrdinalIgnoreCase)).ToList();
        var clauses = new List<string>();
        if (names.Count > 0)
        {
            clauses.Add($"{NameColumn} IN (" + string.Join(", ", names.Select((_, i) => "@qn" + i.ToString(CultureInfo.InvariantCulture))) + ")");
            for (var i = 0; i < names.Count; i++) p.Add("qn" + i.ToString(CultureInfo.InvariantCulture), names[i]);
        }
        var scan = text.Length < 3 || (Provider != "postgres" && text.AsSpan().IndexOfAny("%_\\") >= 0);
        if (scan) clauses.Add("LOWER(business_key) LIKE @q ESCAPE '\\'");
        else if (Provider == "postgres") clauses.Add("(business_key IS NOT NULL AND LOWER(business_key) LIKE @q ESCAPE '\\')");
        else
        {
            // FTS5's LIKE has no ESCAPE (so q with % or _ scans, above): the trigram index narrows, the LIKE on runs confirms.
            clauses.Add("(id IN (SELECT run_id FROM run_key_search WHERE business_key LIKE @qf) AND LOWER(business_key) LIKE @q ESCAPE '\\')");
            p.Add("qf", "%" + text + "%");
        }
        // A name matched: when no business key matches as well (one indexed probe), the OR goes, so the name's index serves.
        // On PostgreSQL the probe is a materialized CTE: a bare EXISTS lets the planner expect an early match and walk
        // every key in ix_runs_ns_business_key (half a second at a million runs) instead of asking the trigram index.
        var probe = Provider == "postgres"
            ? $"WITH m AS MATERIALIZED (SELECT namespace FROM runs WHERE {clauses[^1]}) SELECT EXISTS (SELECT 1 FROM m WHERE namespace = @ns)"
            : $"SELECT EXISTS (SELECT 1 FROM runs WHERE namespace = @ns AND {clauses[^1]})";
        if (names.Count > 0 && !scan && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(probe, p, cancellationToken: ct)))
            clauses.RemoveAt(clauses.Count - 1);
        where.Append(" AND (").Append(string.Join(" OR ", clauses)).Append(')');
    }

    /// <summary>
    /// The rows matching the filters: exact up to <see cref="ExactTotalUpTo"/> (a count that stops there); beyond it,
    /// PostgreSQL's planner estimate and on SQLite a lower bound, flagged as estimated. Never less than
    /// <paramref name="seen"/> (the rows up to the end of this page).
    /// </summary>
    private async Task<(long Total, bool Estimated)> CountAsync(DbConnection connection, string where, DynamicParameters p, long seen, CancellationToken ct)
    {
        var capped = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 AS one{where} LIMIT {ExactTotalUpTo + 1}) counted", p, cancellationToken: ct));
        if (capped <= ExactTotalUpTo) return (capped, false);
        var estimate = capped;
        if (Provider == "postgres")
        {
            var plan = await connection.ExecuteScalarAsync<string>(new CommandDefinition($"EXPLAIN (FORMAT JSON) SELECT 1{where}", p, cancellationToken: ct));
            using var doc = JsonDocument.Parse(plan!);
            estimate = Math.Max(estimate, (long)doc.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble());
        }
        return (Math.Max(estimate, seen), true);
    }
}

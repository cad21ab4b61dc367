using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    private static KeyValuePair<string, object?>[] RunTagParameters(RunRecord run) =>
    [
        new("tags", run.Tags.Count == 0 ? null : JsonSerializer.Serialize(run.Tags)),
        new("business_key", run.BusinessKey),
        new("initiator", run.State.Initiator),
    ];

    /// <summary>The run's tags as rows of <c>run_tags</c>, in one multi-row INSERT beside the run's own (same transaction).</summary>
    private static Statement InsertRunTags(RunRecord run)
    {
        var sql = new StringBuilder("INSERT INTO run_tags (run_id, tag_key, value, run_namespace, run_created_at) VALUES ");
        var parameters = new List<KeyValuePair<string, object?>> { new("run_id", run.Id), new("run_ns", run.Namespace), new("run_created", Ms(run.CreatedAt)) };
        var i = 0;
        foreach (var (key, value) in run.Tags)
        {
            if (i > 0) sql.Append(", ");
            sql.Append($"(@run_id, @tk{i}, @tv{i}, @run_ns, @run_created)");
            parameters.Add(new($"tk{i}", key));
            parameters.Add(new($"tv{i}", value));
            i++;
        }
        return new Statement(sql.ToString(), [.. parameters], i);
    }

    /// <summary>The sort column; names compare by code point in both stores (PostgreSQL would otherwise use the database's locale).</summary>
    private string SortColumn(RunSort sort) => sort switch
    {
        RunSort.UpdatedAt => "updated_at",
        RunSort.Definition => NameColumn,
        RunSort.Status => "status",
        _ => "created_at",
    };

    private static object SortValue(RunRecord r, RunSort sort) => sort switch
    {
        RunSort.UpdatedAt => Ms(r.UpdatedAt),
        RunSort.Definition => r.DefinitionName,
        RunSort.Status => (long)(int)r.Status,
        _ => Ms(r.CreatedAt),
    };

    public async Task<RunPage> ListAsync(RunQuery query, CancellationToken ct)
    {
        // A tag filter in the default order walks ix_run_tags_ns_key_value_created (the first tag's rows carry their
        // run's namespace and creation time); with no filter but tags and a created range, run_tags alone answers.
        var byTag = query.Tags.Count > 0 && query.Sort == RunSort.CreatedAt;
        var tagsOnly = byTag && query is { Definition: null, ParentRunId: null, Statuses: null or { Count: 0 }, UpdatedFrom: null, UpdatedTo: null, BusinessKey: null, CaseId: null, Initiator: null }
            && string.IsNullOrEmpty(query.Search);
        var where = new StringBuilder(
            tagsOnly ? " FROM run_tags t0 WHERE t0.run_namespace = @ns AND t0.tag_key = @tk0 AND t0.value = @tv0"
            : byTag ? " FROM run_tags t0 JOIN runs ON runs.id = t0.run_id WHERE t0.run_namespace = @ns AND t0.tag_key = @tk0 AND t0.value = @tv0 AND namespace = @ns"
            : " FROM runs WHERE namespace = @ns");
        var p = new DynamicParameters();
        p.Add("ns", query.Namespace);
        if (query.Definition is not null)
        {
            // On PostgreSQL names compare in the "C" collation, as ix_runs_ns_definition_created stores them (equality is
            // the same in every deterministic collation), so that index serves the filter and the name sort alike.
            where.Append($" AND {NameColumn} = @def");
            p.Add("def", query.Definition);
        }
        if (query.ParentRunId is not null)
        {
            where.Append(" AND parent_run_id = @parent");
            p.Add("parent", query.ParentRunId);
        }
        var statusClause = "";
        if (query.Statuses is { Count: > 0 } statuses)
        {
            statusClause = " AND status IN (" + string.Join(", ", statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) + ")";
            where.Append(statusClause);
        }
        var created = byTag ? "t0.run_created_at" : "created_at";
        var idColumn = byTag ? "t0.run_id" : "id";
        Range(where, p, created, "cf", "ct", query.CreatedFrom, query.CreatedTo);
        Range(where, p, "updated_at", "uf", "ut", query.UpdatedFrom, query.UpdatedTo);
        // created_at <= updated_at on every run (the writer keeps it so): each range bounds the other column too,
        // so the index of the sort column starts at the range instead of walking every newer row.
        if (query.UpdatedTo is not null && query.Sort == RunSort.CreatedAt) where.Append($" AND {created} < @ut");
        if (query.CreatedFrom is not null && query.Sort == RunSort.UpdatedAt) where.Append(" AND updated_at >= @cf");
        if (query.BusinessKey is not null)
        {
            where.Append(" AND business_key = @bk");
            p.Add("bk", query.BusinessKey);
        }
        if (query.CaseId is not null)
        {
            where.Append(" AND case_id = @case_id");
            p.Add("case_id", query.CaseId);
        }
        if (query.Initiator is not null)
        {
            where.Append(" AND initiator = @initiator");
            p.Add("initiator", query.Initiator);
        }
        for (var i = 0; i < query.Tags.Count; i++)
        {
            if (i > 0 || !byTag) where.Append($" AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = {(byTag ? "t0.run_id" : "runs.id")} AND t.tag_key = @tk{i} AND t.value = @tv{i})");
            p.Add($"tk{i}", query.Tags[i].Key);
            p.Add($"tv{i}", query.Tags[i].Value);
        }
        await using var connection = await OpenAsync(ct);
        if (!string.IsNullOrEmpty(query.Search)) await SearchAsync(connection, query, where, p, ct);
        var column = byTag ? created : SortColumn(query.Sort);
        // Ties: by creation time then id when sorted by name or status (so the filter's index, which ends in
        // (created_at, id), serves that sort too), else by id.
        string[] keys = query.Sort is RunSort.Definition or RunSort.Status && !byTag ? [column, "created_at", "id"] : [column, idColumn];
        var op = query.Descending ? "<" : ">";
        var dir = query.Descending ? "DESC" : "ASC";
        var paged = new StringBuilder();
        if (query.Offset is null && query.After is { } after)
        {
            paged.Append(" AND ").Append(After(keys, op, keys.Length == 3 ? ["@cv", "@cc", "@cid"] : ["@cv", "@cid"]));
            p.Add("cv", query.Sort switch
            {
                RunSort.CreatedAt => Ms(after.CreatedAt),
                RunSort.Definition => after.SortValue ?? "",
                _ => long.TryParse(after.SortValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0L,
            });
            p.Add("cid", after.Id);
            p.Add("cc", Ms(after.CreatedAt));
        }
        var order = " ORDER BY " + string.Join(", ", keys.Select(k => $"{k} {dir}"));
        var runsOrder = " ORDER BY " + string.Join(", ", (byTag ? [SortColumn(query.Sort), "id"] : keys).Select(k => $"{k} {dir}"));
        var page = " LIMIT @limit" + (query.Offset is null ? "" : " OFFSET @offset");
        p.Add("limit", query.Offset is null ? query.Limit + 1 : query.Limit);
        if (query.Offset is { } offset) p.Add("offset", offset);
        // A deep page finds its ids in the index first (no row read for the rows it skips), then reads only those.
        var sql = query.Statuses is { Count: > 1 } several && query.Sort != RunSort.Status && !byTag
            ? ByStatusSql(several, where.ToString().Replace(statusClause, "", StringComparison.Ordinal), paged.ToString(), keys, dir, page, runsOrder, p, (query.Offset ?? 0) + query.Limit + 1)
            : tagsOnly || query.Offset > 0
                ? $"SELECT {RunColumns} FROM runs WHERE id IN (SELECT {idColumn}{where}{paged}{order}{page}){runsOrder}"
                : $"SELECT {RunColumns}{where}{paged}{order}{page}";
        var rows = (await connection.QueryAsync<RunRow>(new CommandDefinition(sql, p, cancellationToken: ct))).Select(r => r.ToModel()).ToList();
        if (query.Offset is { } skipped)
        {
            var (total, estimated) = await CountAsync(connection, where.ToString(), p, skipped + rows.Count, ct);
            return new RunPage(rows, null, total) { TotalEstimated = estimated };
        }
        RunCursor? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new RunCursor(last.CreatedAt, last.Id)
            {
                SortValue = query.Sort == RunSort.CreatedAt ? null : Convert.ToString(SortValue(last, query.Sort), CultureInfo.InvariantCulture),
            };
        }
        return new RunPage(rows, next);
    }

    /// <summary>
    /// Several statuses: one ordered, limited branch per status (each walks <c>ix_runs_ns_status_created</c> or the
    /// sort's index for that one status, reading only ids and sort keys), merged, and only the page's rows read.
    /// An <c>IN</c> list would make both stores either sort every matching row or walk the sort index past every
    /// row of the other statuses.
    /// </summary>
    private static string ByStatusSql(IReadOnlyList<RunStatus> statuses, string where, string cursor, string[] keys, string dir, string page, string runsOrder, DynamicParameters p, int enough)
    {
        p.Add("enough", enough);
        var selected = string.Join(", ", keys.Select((k, i) => $"{k} AS k{i}"));
        var order = string.Join(", ", keys.Select(k => $"{k} {dir}"));
        var merged = string.Join(", ", keys.Select((_, i) => $"k{i} {dir}"));
        var branches = statuses.Distinct().Select(s =>
            $"SELECT * FROM (SELECT {selected}{where} AND status = {(int)s}{cursor} ORDER BY {order} LIMIT @enough) s{(int)s}");
        return $"SELECT {RunColumns} FROM runs WHERE id IN (SELECT k{keys.Length - 1} FROM ({string.Join(" UNION ALL ", branches)}) merged ORDER BY {merged}{page}){runsOrder}";
    }

    /// <summary>Rows after the cursor in the order of <paramref name="keys"/>: (k0 op v0 OR (k0 = v0 AND (k1 op v1 OR ...))).</summary>
    private static string After(string[] keys, string op, string[] values) =>
        keys.Length == 1 ? $"{keys[0]} {op} {values[0]}" : $"({keys[0]} {op} {values[0]} OR ({keys[0]} = {values[0]} AND {After(keys[1..], op, values[1..])}))";

    /// <summary>The definition name as ix_runs_ns_definition_created holds it (PostgreSQL: the "C" collation, code point order).</summary>
    private string NameColumn => Provider == "postgres" ? "definition_name COLLATE \"C\"" : "definition_name";

    private static void Range(StringBuilder where, DynamicParameters p, string column, string fromName, string toName, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f)
        {
            where.Append($" AND {column} >= @{fromName}");
            p.Add(fromName, Ms(f));
        }
        if (to is { } t)
        {
            where.Append($" AND {column} < @{toName}");
            p.Add(toName, Ms(t));
        }
    }
}

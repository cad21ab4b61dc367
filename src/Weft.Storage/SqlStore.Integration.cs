using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Storage;

/// <summary>Integration items: the queues external workers poll (schema 004).</summary>
public abstract partial class SqlStore
{
    private const string ItemColumns =
        "id, namespace, queue, run_id, step, attempt, fields, status, lease_owner, lease_token, lease_until, attempts, created_at, completed_at, number";

    private const string InsertItemSql =
        "INSERT INTO integration_items (id, namespace, queue, run_id, step, attempt, fields, status, lease_token, attempts, created_at, number) " +
        "VALUES (@id, @namespace, @queue, @run_id, @step, @attempt, @fields, 'available', 0, 0, @created_at, @number)";

    private const string CancelItemSql =
        "UPDATE integration_items SET status = 'cancelled', completed_at = @now WHERE run_id = @run_id AND step = @step AND attempt = @attempt AND status IN ('available', 'leased')";

    private const string CancelRunItemsSql =
        "UPDATE integration_items SET status = 'cancelled', completed_at = @now WHERE run_id = @run_id AND status IN ('available', 'leased')";

    private const string CancelStepItemsSql =
        "UPDATE integration_items SET status = 'cancelled', completed_at = @now WHERE run_id = @run_id AND step = @step AND status IN ('available', 'leased')";

    private const string FinishItemSql =
        "UPDATE integration_items SET status = @status, fields = @fields, result = @result, completed_at = @now, lease_until = NULL " +
        "WHERE id = @id AND namespace = @namespace AND lease_token = @token AND status = 'leased' AND fields = @expected";

    public QueueBell ItemsCreated { get; } = new();

    private sealed class ItemRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string queue { get; set; } = "";
        public string run_id { get; set; } = "";
        public string step { get; set; } = "";
        public long attempt { get; set; }
        public string fields { get; set; } = "[]";
        public string status { get; set; } = "";
        public string? lease_owner { get; set; }
        public long lease_token { get; set; }
        public long? lease_until { get; set; }
        public long attempts { get; set; }
        public long created_at { get; set; }
        public long? completed_at { get; set; }
        public long? number { get; set; }

        public IntegrationItem ToModel() => new(
            id, @namespace, queue, run_id, step, (int)attempt, JsonNode.Parse(fields) as JsonArray ?? [], status, lease_owner, lease_token,
            lease_until is null ? null : FromMs(lease_until.Value), (int)attempts, FromMs(created_at), completed_at is null ? null : FromMs(completed_at.Value), number ?? 0);
    }

    public async Task<IReadOnlyList<IntegrationItem>> PollAsync(string ns, string queue, string worker, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        // PostgreSQL: concurrent pollers skip each other's rows. SQLite: the single writer connection serialises polls.
        var sql =
            "UPDATE integration_items SET status = 'leased', lease_owner = @worker, lease_token = lease_token + 1, lease_until = @until, attempts = attempts + 1 " +
            "WHERE id IN (SELECT id FROM integration_items WHERE namespace = @ns AND queue = @queue " +
            "AND (status = 'available' OR (status = 'leased' AND lease_until <= @now)) ORDER BY created_at, id LIMIT @max" +
            (Provider == "postgres" ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + ItemColumns;
        // An empty queue is the common answer of a long poll: look first without taking the writer.
        await using (var reader = await OpenAsync(ct))
        {
            var any = await reader.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT id FROM integration_items WHERE namespace = @ns AND queue = @queue AND (status = 'available' OR (status = 'leased' AND lease_until <= @now)) LIMIT 1",
                new { ns, queue, now = Ms(now) }, cancellationToken: ct));
            if (any is null) return [];
        }
        var connection = await OpenWriterAsync(ct);
        try
        {
            var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(sql,
                new { ns, queue, worker, max, now = Ms(now), until = Ms(now + lease) }, cancellationToken: ct));
            return rows.Select(r => r.ToModel()).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public async Task<IntegrationItem?> GetAsync(string ns, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            $"SELECT {ItemColumns} FROM integration_items WHERE id = @id AND namespace = @ns", new { id, ns }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<IntegrationItem?> IIntegrationItemStore.GetByNumberAsync(string ns, long number, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            $"SELECT {ItemColumns} FROM integration_items WHERE namespace = @ns AND number = @number", new { ns, number }, cancellationToken: ct));
        return row?.ToModel();
    }

    public Task<bool> HeartbeatAsync(string ns, string id, long token, DateTimeOffset until, CancellationToken ct) =>
        ExecuteOnWriterAsync(
            "UPDATE integration_items SET lease_until = @until WHERE id = @id AND namespace = @ns AND lease_token = @token AND status = 'leased'",
            new { id, ns, token, until = Ms(until) }, ct);

    public Task<bool> UpdateFieldsAsync(string ns, string id, long token, JsonArray expected, JsonArray fields, CancellationToken ct) =>
        ExecuteOnWriterAsync(
            "UPDATE integration_items SET fields = @fields WHERE id = @id AND namespace = @ns AND lease_token = @token AND status = 'leased' AND fields = @expected",
            new { id, ns, token, expected = expected.ToJsonString(), fields = fields.ToJsonString() }, ct);

    public async Task<bool> FinishAsync(string ns, string id, long token, string status, JsonArray expected, JsonArray fields, JsonNode? result, IntegrationSignal signal, DateTimeOffset now, CancellationToken ct)
    {
        Statement[] statements =
        [
            new(FinishItemSql,
            [
                new("id", id), new("namespace", ns), new("token", token), new("status", status), new("expected", expected.ToJsonString()), new("fields", fields.ToJsonString()),
                new("result", result?.ToJsonString()), new("now", Ms(now)),
            ], 1),
            new(InsertWorkSql,
            [
                new("id", signal.Id), new("run_id", signal.RunId), new("kind", (int)WorkKind.Signal), new("step", signal.Step), new("attempt", signal.Attempt),
                new("due_at", Ms(now)), new("owner", null), new("token", 0L), new("payload", signal.Payload.ToJsonString()),
            ]),
        ];
        return await WriteIfFirstChangesOneAsync(statements, ct);
    }


    private static void BuildItemCreated(RunWrite write, IntegrationItemCreated item, List<Statement> statements) =>
        statements.Add(new Statement(InsertItemSql,
        [
            new("id", item.Id), new("namespace", write.Run.Namespace), new("queue", item.Queue), new("run_id", write.Run.Id), new("step", item.Step),
            new("attempt", item.Attempt), new("fields", item.Fields.ToJsonString()), new("created_at", Ms(write.Run.UpdatedAt)),
            new("number", item.Number > 0 ? item.Number : throw new InvalidOperationException($"integration item {item.Id} has no number yet")),
        ]));

    private static void BuildItemCancelled(RunWrite write, IntegrationItemCancelled item, List<Statement> statements) =>
        statements.Add(new Statement(CancelItemSql,
            [new("run_id", write.Run.Id), new("step", item.Step), new("attempt", item.Attempt), new("now", Ms(write.Run.UpdatedAt))]));

    /// <summary>After a group commit: wakes long polls when a written checkpoint created items.</summary>
    private void AfterWrite(IReadOnlyList<RunWrite> writes, WriteOutcome[] outcomes)
    {
        for (var i = 0; i < writes.Count; i++)
        {
            if (outcomes[i] != WriteOutcome.Written) continue;
            foreach (var effect in writes[i].Effects)
            {
                if (effect is not IntegrationItemCreated) continue;
                ItemsCreated.Ring();
                return;
            }
        }
    }
}

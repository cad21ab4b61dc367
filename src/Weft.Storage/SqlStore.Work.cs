using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Runs;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    private sealed class WorkRow
    {
        public string id { get; set; } = "";
        public string run_id { get; set; } = "";
        public long kind { get; set; }
        public string? step { get; set; }
        public long attempt { get; set; }
        public long due_at { get; set; }
        public long token { get; set; }
        public string? payload { get; set; }

        public WorkItem ToModel() => new(id, run_id, (WorkKind)kind, step, (int)attempt, FromMs(due_at), token, payload is null ? null : JsonNode.Parse(payload) as JsonObject);
    }

    // The work queue's writes go through the writer. On SQLite (one writer at a time) a claim on a connection of its
    // own waited for the group commit's transaction in SQLite's busy handler, which sleeps (1 ms, 2 ms, 5 ms, ...),
    // and the next commit then waited for the claim the same way; on the writer each takes its turn. On PostgreSQL
    // the writer is any pooled connection, as before.
    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(string node, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            var rows = await connection.QueryAsync<WorkRow>(new CommandDefinition(ClaimSql, new { node, max, now = Ms(now), until = Ms(now + lease) }, cancellationToken: ct));
            return rows.Select(r => r.ToModel()).ToList();
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public async Task<int> ReleaseNodeAsync(string node, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE work SET owner = NULL, due_at = @now WHERE owner = @node", new { node, now = Ms(now) }, cancellationToken: ct));
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public Task<bool> ReleaseAsync(WorkItem item, DateTimeOffset due, CancellationToken ct) => ExecuteOnWriterAsync(
        "UPDATE work SET owner = NULL, due_at = @due WHERE id = @id AND token = @token", new { id = item.Id, token = item.Token, due = Ms(due) }, ct);

    public Task<bool> ExtendAsync(WorkItem item, DateTimeOffset until, CancellationToken ct) => ExecuteOnWriterAsync(
        "UPDATE work SET due_at = @until WHERE id = @id AND token = @token", new { id = item.Id, token = item.Token, until = Ms(until) }, ct);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MIN(due_at) FROM work", cancellationToken: ct));
        return ms is null ? null : FromMs(ms.Value);
    }
}

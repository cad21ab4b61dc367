using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Events;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Storage;

/// <summary>
/// Event steps: waits (<c>event_waits</c>) and events kept for a run that waits later (<c>kept_events</c>). An event
/// wakes exactly one wait. On PostgreSQL, storing a wait and publishing an event with the same name and correlation
/// are serialised by an advisory transaction lock on that key (see <see cref="EventLockSql"/>); SQLite has one writer.
/// </summary>
public abstract partial class SqlStore : IEventStore
{
    private const string DeleteRunWaitsSql = "DELETE FROM event_waits WHERE run_id = @run_id";

    private const string DeleteStepWaitsSql = "DELETE FROM event_waits WHERE run_id = @run_id AND step = @step";

    private const string InsertWaitSql =
        "INSERT INTO event_waits (id, namespace, name, correlation, run_id, step, attempt, created_at) VALUES (@id, @namespace, @name, @correlation, @run_id, @step, @attempt, @created_at)";

    private const string ConsumeKeptSql =
        "UPDATE kept_events SET consumed_at = @now, consumed_by = @wait_id WHERE id = (SELECT id FROM kept_events " +
        "WHERE namespace = @namespace AND name = @name AND correlation = @correlation AND consumed_at IS NULL AND expires_at > @now ORDER BY received_at, id LIMIT 1)";

    private const string SignalFromKeptSql =
        "INSERT INTO work (id, run_id, kind, step, attempt, due_at, owner, token, payload) " +
        "SELECT @signal_id, @run_id, 5, @step, @attempt, @now, NULL, 0, signal FROM kept_events WHERE consumed_by = @wait_id";

    private const string DeleteConsumedWaitSql =
        "DELETE FROM event_waits WHERE id = @wait_id AND EXISTS (SELECT 1 FROM kept_events WHERE consumed_by = @wait_id)";

    private const string CloseWaitSql = "DELETE FROM event_waits WHERE run_id = @run_id AND step = @step AND attempt = @attempt";

    private const string InsertSignalSql =
        "INSERT INTO work (id, run_id, kind, step, attempt, due_at, owner, token, payload) VALUES (@id, @run_id, 5, @step, @attempt, @now, NULL, 0, @payload)";

    /// <summary>Kept events whose time is over are deleted this many at a time, on the way of a publish.</summary>
    private const int ExpiredPerPublish = 100;

    public IEventStore Events => this;

    /// <summary>
    /// Taken first by both sides that touch one (namespace, name, correlation): a wait being stored, an event arriving.
    /// Null where the store has a single writer. Takes <c>@lock_key</c>.
    /// </summary>
    protected virtual string? EventLockSql => null;

    private static string LockKey(string ns, string name, string correlation) => ns + "/" + name + "/" + correlation;

    private void BuildEventWait(EventWait w, List<Statement> statements)
    {
        if (EventLockSql is { } lockSql) statements.Add(new Statement(lockSql, [new("lock_key", LockKey(w.Namespace, w.Name, w.Correlation))]));
        var now = Ms(w.CreatedAt);
        statements.Add(new Statement(InsertWaitSql,
        [
            new("id", w.Id), new("namespace", w.Namespace), new("name", w.Name), new("correlation", w.Correlation),
            new("run_id", w.RunId), new("step", w.Step), new("attempt", w.Attempt), new("created_at", now),
        ]));
        statements.Add(new Statement(ConsumeKeptSql, [new("now", now), new("wait_id", w.Id), new("namespace", w.Namespace), new("name", w.Name), new("correlation", w.Correlation)]));
        statements.Add(new Statement(SignalFromKeptSql, [new("signal_id", w.SignalId), new("run_id", w.RunId), new("step", w.Step), new("attempt", w.Attempt), new("now", now), new("wait_id", w.Id)]));
        statements.Add(new Statement(DeleteConsumedWaitSql, [new("wait_id", w.Id)]));
    }

    private static void BuildEventWaitClosed(EventWaitClosed c, List<Statement> statements) =>
        statements.Add(new Statement(CloseWaitSql, [new("run_id", c.RunId), new("step", c.Step), new("attempt", c.Attempt)]));

    private sealed class WaitRow
    {
        public string id { get; set; } = "";
        public string run_id { get; set; } = "";
        public string correlation { get; set; } = "";
        public string namespace_ { get; set; } = "";
        public string step { get; set; } = "";
        public long attempt { get; set; }
    }

    public async Task<PublishedEvent> PublishAsync(IncomingEvent e, TimeSpan retention, CancellationToken ct)
    {
        var now = Ms(e.ReceivedAt);
        var connection = await OpenWriterAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await LockEventKeyAsync(connection, tx, e.Namespace, e.Name, e.Correlation, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM kept_events WHERE id IN (SELECT id FROM kept_events WHERE expires_at <= @now LIMIT {ExpiredPerPublish})", new { now }, tx, cancellationToken: ct));
            var signal = e.Signal().ToJsonString();
            string? matched = null;
            // A wait can be taken between the read and the delete (an event sent to its run directly): then try the next.
            for (var i = 0; i < 100 && matched is null; i++)
            {
                var wait = await connection.QuerySingleOrDefaultAsync<WaitRow>(new CommandDefinition(
                    "SELECT id, run_id, step, attempt FROM event_waits WHERE namespace = @ns AND name = @name AND correlation = @correlation ORDER BY created_at, id LIMIT 1",
                    new { ns = e.Namespace, name = e.Name, correlation = e.Correlation }, tx, cancellationToken: ct));
                if (wait is null) break;
                if (await connection.ExecuteAsync(new CommandDefinition("DELETE FROM event_waits WHERE id = @id", new { wait.id }, tx, cancellationToken: ct)) != 1) continue;
                await InsertSignalAsync(connection, tx, wait, signal, now, ct);
                matched = wait.run_id;
            }
            DateTimeOffset? keptUntil = null;
            if (matched is null && retention > TimeSpan.Zero)
            {
                keptUntil = e.ReceivedAt + retention;
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO kept_events (id, namespace, name, correlation, payload, signal, received_at, expires_at) VALUES (@id, @ns, @name, @correlation, @payload, @signal, @now, @expires)",
                    new { id = e.Id, ns = e.Namespace, name = e.Name, correlation = e.Correlation, payload = e.Payload?.ToJsonString(), signal, now, expires = Ms(keptUntil.Value) },
                    tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            return new PublishedEvent(e.Id, matched, keptUntil);
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public async Task<bool> SendToRunAsync(string runId, string name, JsonObject signal, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            for (var i = 0; i < 100; i++)
            {
                var wait = await connection.QuerySingleOrDefaultAsync<WaitRow>(new CommandDefinition(
                    "SELECT id, run_id, namespace AS namespace_, correlation, step, attempt FROM event_waits WHERE run_id = @runId AND name = @name ORDER BY created_at, id LIMIT 1",
                    new { runId, name }, tx, cancellationToken: ct));
                if (wait is null) break;
                await LockEventKeyAsync(connection, tx, wait.namespace_, name, wait.correlation, ct);
                if (await connection.ExecuteAsync(new CommandDefinition("DELETE FROM event_waits WHERE id = @id", new { wait.id }, tx, cancellationToken: ct)) != 1) continue;
                signal["correlation"] = wait.correlation;
                await InsertSignalAsync(connection, tx, wait, signal.ToJsonString(), Ms(now), ct);
                await tx.CommitAsync(ct);
                return true;
            }
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    private async Task LockEventKeyAsync(DbConnection connection, DbTransaction tx, string ns, string name, string correlation, CancellationToken ct)
    {
        if (EventLockSql is { } lockSql)
            await connection.ExecuteAsync(new CommandDefinition(lockSql, new { lock_key = LockKey(ns, name, correlation) }, tx, cancellationToken: ct));
    }

    private static Task InsertSignalAsync(DbConnection connection, DbTransaction tx, WaitRow wait, string payload, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSignalSql,
            new { id = Guid.CreateVersion7().ToString(), wait.run_id, wait.step, attempt = (int)wait.attempt, now, payload }, tx, cancellationToken: ct));
}

using System.Data.Common;
using Dapper;
using System.Text.Json;
using Weft.Core.Runs;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    private protected const string InsertRunSql =
        $"INSERT INTO runs ({RunColumns}) VALUES (@id, @namespace, @definition_id, @definition_name, @definition_version, @status, @input, @state, @output, @error, @created_at, @updated_at, @ended_at, @version, @parent_run_id, @parent_step, @parent_attempt, @tags, @business_key, @initiator, @case_id, @subject, @number)";

    private const string UpdateRunSql =
        "UPDATE runs SET status = @status, state = @state, output = @output, error = @error, updated_at = @updated_at, ended_at = @ended_at, version = @version WHERE id = @id AND version = @expected";

    private const string DeleteWorkSql = "DELETE FROM work WHERE id = @id AND token = @token";

    private const string ClearWorkSql = "DELETE FROM work WHERE run_id = @run_id";

    private const string InsertWorkSql =
        "INSERT INTO work (id, run_id, kind, step, attempt, due_at, owner, token, payload) VALUES (@id, @run_id, @kind, @step, @attempt, @due_at, @owner, @token, @payload)";

    /// <summary>Sends the statements inside <paramref name="tx"/>; returns each one's affected row count.</summary>
    protected abstract Task<int[]> ExecuteBatchAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Statement> statements, CancellationToken ct);

    /// <summary>True when <see cref="ExecuteCommittedBatchAsync"/> sends statements and their commit in one round trip.</summary>
    protected virtual bool CommitsBatchInOneTrip => false;

    /// <summary>Sends the statements as one transaction that commits when all succeed (else none is written); returns each one's affected row count.</summary>
    protected virtual Task<int[]> ExecuteCommittedBatchAsync(DbConnection connection, IReadOnlyList<Statement> statements, CancellationToken ct) =>
        throw new NotSupportedException();

    /// <summary>Opens the connection checkpoints are written on (SQLite keeps one; PostgreSQL takes one from the pool).</summary>
    protected virtual ValueTask<DbConnection> OpenWriterAsync(CancellationToken ct) => OpenAsync(ct);

    protected virtual ValueTask ReturnWriterAsync(DbConnection connection) => connection.DisposeAsync();

    protected abstract bool IsConstraintViolation(DbException e);

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<RunWrite> writes, string node, TimeSpan lease, CancellationToken ct)
    {
        var outcomes = new WriteOutcome[writes.Count];
        await NumberAsync(writes, ct);
        var pending = Enumerable.Range(0, writes.Count).ToList();
        var connection = await OpenWriterAsync(ct);
        try
        {
            while (pending.Count > 0)
            {
                var (conflicts, committed) = await TryWriteAsync(connection, writes, pending, node, lease, ct);
                foreach (var i in conflicts) outcomes[i] = WriteOutcome.Conflict;
                if (committed) break;
                pending.RemoveAll(conflicts.Contains);
            }
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
        foreach (var i in Enumerable.Range(0, writes.Count).Where(i => outcomes[i] == WriteOutcome.Written))
            writes[i].Run.Version = (writes[i].ExpectedVersion ?? 0) + 1;
        AfterWrite(writes, outcomes);
        return outcomes;
    }

    /// <summary>
    /// Writes the pending writes in one transaction. On a conflict it rolls back and names the writes that
    /// conflicted (Committed false: write the rest again); after a constraint error it writes them one by one
    /// and names the ones refused (Committed true: the rest are written).
    /// </summary>
    private async Task<(List<int> Conflicts, bool Committed)> TryWriteAsync(DbConnection connection, IReadOnlyList<RunWrite> writes, List<int> pending, string node, TimeSpan lease, CancellationToken ct)
    {
        var statements = new List<Statement>();
        var owners = new List<int>();
        foreach (var i in pending)
        {
            var built = StatementsFor(writes[i], node, lease);
            statements.AddRange(built);
            for (var k = 0; k < built.Count; k++) owners.Add(i);
        }
        AddCounters(writes, pending, statements);
        while (owners.Count < statements.Count) owners.Add(-1);
        int[] affected;
        // Checked only by run inserts (which write their row or fail), the group cannot conflict: where the store
        // can, it is sent and committed in one round trip.
        if (CommitsBatchInOneTrip && statements.TrueForAll(s => s.MustAffect is null || ReferenceEquals(s.Sql, InsertRunSql)))
        {
            try
            {
                affected = await ExecuteCommittedBatchAsync(connection, statements, ct);
            }
            catch (DbException e) when (IsConstraintViolation(e))
            {
                return await WriteOneByOneAsync(connection, writes, pending, node, lease, ct);
            }
            if (AddedDeliveries(statements, affected)) DeliveriesAdded.Ring();
            return ([], true);
        }
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            affected = await ExecuteBatchAsync(connection, tx, statements, ct);
        }
        catch (DbException e) when (IsConstraintViolation(e))
        {
            await tx.RollbackAsync(CancellationToken.None);
            return await WriteOneByOneAsync(connection, writes, pending, node, lease, ct);
        }
        var conflicts = new HashSet<int>();
        for (var k = 0; k < statements.Count; k++)
            if (statements[k].MustAffect is { } must && affected[k] != must) conflicts.Add(owners[k]);
        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return ([.. conflicts], false);
        }
        await tx.CommitAsync(ct);
        if (AddedDeliveries(statements, affected)) DeliveriesAdded.Ring();
        return ([], true);
    }

    /// <summary>After a constraint error in a group: which write broke it is not known from a batch, so each is written alone.</summary>
    private async Task<(List<int> Conflicts, bool Committed)> WriteOneByOneAsync(DbConnection connection, IReadOnlyList<RunWrite> writes, List<int> pending, string node, TimeSpan lease, CancellationToken ct)
    {
        if (pending.Count == 1) return ([pending[0]], true);
        var bad = new List<int>();
        foreach (var i in pending)
            bad.AddRange((await TryWriteAsync(connection, writes, [i], node, lease, ct)).Conflicts);
        return (bad, true);
    }

    /// <summary>A write's statements as <see cref="Prepare"/> built them, with what they depended on.</summary>
    internal sealed record BuiltWrite(RunWrite Write, List<Statement> Statements, string Node, TimeSpan Lease, HashSet<string>? Hooks);

    /// <summary>Builds the write's statements ahead, unless a number it needs must first be reserved (then it is built when written).</summary>
    public void Prepare(RunWrite write, string node, TimeSpan lease)
    {
        if (TryNumber(write)) StatementsFor(write, node, lease);
    }

    public virtual bool WritesSynchronously => false;

    /// <summary>
    /// The statements built ahead for this write, if they still hold: built for this node and lease, and with the
    /// webhook namespaces that are current now (held under the writer, a change of subscriptions rebuilds them).
    /// </summary>
    private List<Statement> StatementsFor(RunWrite write, string node, TimeSpan lease)
    {
        if (write.StoreState is BuiltWrite b && ReferenceEquals(b.Write, write) && b.Node == node && b.Lease == lease && ReferenceEquals(b.Hooks, _hookNamespaces))
            return b.Statements;
        var built = new BuiltWrite(write, [], node, lease, _hookNamespaces);
        Build(write, node, lease, built.Statements);
        write.StoreState = built;
        return built.Statements;
    }

    private void Build(RunWrite write, string node, TimeSpan lease, List<Statement> statements)
    {
        var run = write.Run;
        var newVersion = (write.ExpectedVersion ?? 0) + 1;
        KeyValuePair<string, object?>[] runParams =
        [
            new("id", run.Id),
            new("status", (int)run.Status),
            new("state", run.State.Serialize()),
            new("output", run.Output?.ToJsonString()),
            new("error", run.Error is null ? null : JsonSerializer.Serialize(run.Error, RunState.Json)),
            // Never before the run's creation (another node's clock may lag): the listing relies on created_at <= updated_at.
            new("updated_at", Ms(run.UpdatedAt < run.CreatedAt ? run.CreatedAt : run.UpdatedAt)),
            new("ended_at", run.EndedAt is null ? null : Ms(run.EndedAt.Value)),
            new("version", newVersion),
        ];
        if (write.ExpectedVersion is null)
        {
            statements.Add(new Statement(InsertRunSql,
            [
                .. runParams,
                new("namespace", run.Namespace),
                new("definition_id", run.DefinitionId),
                new("definition_name", run.DefinitionName),
                new("definition_version", run.DefinitionVersion),
                new("input", run.Input.ToJsonString()),
                new("created_at", Ms(run.CreatedAt)),
                new("parent_run_id", run.ParentRunId),
                new("parent_step", run.ParentStep),
                new("parent_attempt", run.ParentAttempt),
                .. RunTagParameters(run),
                .. RunCaseParameters(run),
                new("number", run.Number > 0 ? run.Number : throw new InvalidOperationException($"run {run.Id} has no number yet")),
            ], 1));
            if (run.Tags.Count > 0) statements.Add(InsertRunTags(run));
        }
        else
        {
            statements.Add(new Statement(UpdateRunSql, [.. runParams, new("expected", write.ExpectedVersion.Value)], 1));
        }
        if (write.Finished is { } done)
            statements.Add(new Statement(DeleteWorkSql, [new("id", done.Id), new("token", done.Token)], 1));
        if (HistoryBatch(run.Id, write.Events) is { } history) statements.Add(history);
        foreach (var effect in write.Effects) BuildEffect(write, effect, statements);
        BuildWebhookEvents(write, statements);
        if (write.ClearWork)
        {
            // After the effects: what this very checkpoint opened is closed too when it ends the run. A run
            // inserted by this very write has no work rows yet unless one of its effects made one.
            if (write.ExpectedVersion is not null || write.Effects.Count > 0)
                statements.Add(new Statement(ClearWorkSql, [new("run_id", run.Id)]));
            if (run.State.HoldsOutside) BuildRunEnded(write, statements);
        }
        foreach (var w in write.Work)
        {
            statements.Add(new Statement(InsertWorkSql,
            [
                new("id", w.Id), new("run_id", run.Id), new("kind", (int)w.Kind), new("step", w.Step), new("attempt", w.Attempt),
                new("due_at", Ms(w.Claimed ? w.DueAt + lease : w.DueAt)), new("owner", w.Claimed ? node : null), new("token", w.Claimed ? 1L : 0L),
                new("payload", w.Payload?.ToJsonString()),
            ]));
        }
    }

    /// <summary>One statement on the writer; <paramref name="then"/> runs on the writer before it is given back.</summary>
    private async Task<bool> ExecuteOnWriterAsync(string sql, object parameters, CancellationToken ct, Func<DbConnection, CancellationToken, Task>? then = null)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) == 1;
            if (then is not null) await then(connection, ct);
            return changed;
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    /// <summary>A batch on the writer in one transaction, committed only when its first statement changed exactly one row (else nothing is written).</summary>
    private async Task<bool> WriteIfFirstChangesOneAsync(IReadOnlyList<Statement> statements, CancellationToken ct)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var affected = await ExecuteBatchAsync(connection, tx, statements, ct);
            if (affected[0] != 1)
            {
                await tx.RollbackAsync(CancellationToken.None);
                return false;
            }
            await tx.CommitAsync(ct);
            return true;
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }
}

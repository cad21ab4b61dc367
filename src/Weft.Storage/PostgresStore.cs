using System.Data.Common;
using Npgsql;

namespace Weft.Storage;

/// <summary>
/// PostgreSQL: the production and multi-node store. Nodes claim work with <c>FOR UPDATE SKIP LOCKED</c>;
/// a group of checkpoints is sent as one batch, in one round trip.
/// </summary>
public sealed class PostgresStore(string connectionString) : SqlStore
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresConnectionDefaults.Apply(connectionString));
    private PostgresDeployListener? _deploys;
    private PostgresWorkSignal? _signal;

    public override string Provider => "postgres";

    protected override string ClaimSql =>
        "UPDATE work SET owner = @node, due_at = @until, token = token + 1 WHERE id IN " +
        "(SELECT id FROM work WHERE due_at <= @now ORDER BY due_at LIMIT @max FOR UPDATE SKIP LOCKED) " +
        "RETURNING id, run_id, kind, step, attempt, due_at, token, payload";

    /// <summary>Delivered to every listening node when the deploy commits (not at all if it rolls back).</summary>
    protected override string? DeployNoticeSql => $"SELECT pg_notify('{PostgresDeployListener.Channel}', @ns || '/' || @name)";

    public override bool DeploysHeard => _deploys?.Listening == true;

    /// <summary>Starts hearing of deploys made on every node (see <see cref="PostgresDeployListener"/>); the server calls it at start.</summary>
    public void ListenForDeploys() => _deploys ??= new PostgresDeployListener(PostgresConnectionDefaults.Apply(connectionString), RaiseDeploysChanged, node => _signal?.Heard(node), Time);

    /// <summary>The work signal that reaches every node: <c>NOTIFY</c> on <see cref="PostgresDeployListener.WorkChannel"/>, heard by the listener.</summary>
    public override Weft.Core.Workers.IWorkSignal OpenWorkSignal(string node)
    {
        ListenForDeploys();
        return _signal ??= new PostgresWorkSignal(this, node);
    }

    /// <summary>Tells every listening node (this one too; it passes over its own) that work fell due.</summary>
    internal async Task NotifyWorkAsync(string node, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT pg_notify('{PostgresDeployListener.WorkChannel}', @node)");
        cmd.Parameters.AddWithValue("node", node);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives the deploy listener the host's logging (the store is opened before the host exists).</summary>
    public void UseLogger(Microsoft.Extensions.Logging.ILogger log)
    {
        if (_deploys is not null) _deploys.Log = log;
    }

    protected override string EventLockSql => "SELECT pg_advisory_xact_lock(hashtext(@lock_key))";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT pg_advisory_xact_lock(7301001)";
        await cmd.ExecuteScalarAsync(ct);
    }

    protected override Task<int[]> ExecuteBatchAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Statement> statements, CancellationToken ct) =>
        RunBatchAsync((NpgsqlConnection)connection, (NpgsqlTransaction)tx, statements, ct);

    // A batch sent outside a transaction is one implicit transaction on the server (one Sync): it commits when every
    // statement succeeded, else nothing is written; and it costs no BEGIN and no separate COMMIT round trip.
    protected override bool CommitsBatchInOneTrip => true;

    protected override Task<int[]> ExecuteCommittedBatchAsync(DbConnection connection, IReadOnlyList<Statement> statements, CancellationToken ct) =>
        RunBatchAsync((NpgsqlConnection)connection, null, statements, ct);

    /// <summary>How a group's statements are sent (which inserts merge).</summary>
    internal static PostgresBatchPlan Plan(IReadOnlyList<Statement> statements) =>
        PostgresBatchPlan.For(statements, InsertRunSql, InsertHistoryBatchSql, InsertDeliveriesSql);

    private static async Task<int[]> RunBatchAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyList<Statement> statements, CancellationToken ct)
    {
        var plan = Plan(statements);
        await using var batch = new NpgsqlBatch(connection, tx);
        foreach (var cmd in plan.Commands()) batch.BatchCommands.Add(cmd);
        await batch.ExecuteNonQueryAsync(ct);
        var sent = new int[batch.BatchCommands.Count];
        for (var i = 0; i < sent.Length; i++) sent[i] = batch.BatchCommands[i].RecordsAffected;
        return plan.Affected(sent);
    }

    protected override bool IsConstraintViolation(DbException e) => e is PostgresException p && p.SqlState.StartsWith("23", StringComparison.Ordinal);

    public override async ValueTask DisposeAsync()
    {
        if (_deploys is not null) await _deploys.DisposeAsync();
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}

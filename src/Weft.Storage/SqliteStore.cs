using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Weft.Storage;

/// <summary>
/// SQLite: the embedded default. One process holds the file (a lock file enforces it), the database runs
/// in WAL mode, and checkpoints go through one writer connection with prepared statements.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly FileStream _lock;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private SqliteConnection? _writer;
    private SqliteWriterStatements? _writerStatements;

    /// <param name="connectionString">For example <c>Data Source=./data/weft.db</c>.</param>
    /// <param name="synchronous"><c>FULL</c> (the default: a commit survives power loss) or <c>NORMAL</c> (a commit survives a process crash).</param>
    public SqliteStore(string connectionString, string synchronous = "FULL")
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            throw new ArgumentException("SQLite storage must be a file: an in-memory database loses every run at exit.", nameof(connectionString));
        if (synchronous.ToUpperInvariant() is not ("FULL" or "NORMAL" or "EXTRA"))
            throw new ArgumentException("Synchronous must be FULL, NORMAL or EXTRA.", nameof(synchronous));
        _synchronous = synchronous.ToUpperInvariant();
        var path = Path.GetFullPath(builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        _connectionString = builder.ToString();
        DatabasePath = path;
        try
        {
            _lock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Another Weft server is using {path}: one process at a time may hold a SQLite database. Use PostgreSQL for several nodes.", e);
        }
    }

    public override string Provider => "sqlite";

    /// <summary>The file lock taken at open keeps every other process out.</summary>
    public override bool SingleProcess => true;

    public string DatabasePath { get; }

    /// <summary>Microsoft.Data.Sqlite's async methods run synchronously: a write is done when WriteAsync returns.</summary>
    public override bool WritesSynchronously => true;

    protected override string ClaimSql =>
        "UPDATE work SET owner = @node, due_at = @until, token = token + 1 WHERE id IN (SELECT id FROM work WHERE due_at <= @now ORDER BY due_at LIMIT @max) " +
        "RETURNING id, run_id, kind, step, attempt, due_at, token, payload";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // Pooled connections keep their settings: set them once per physical connection, not per open.
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA synchronous = {_synchronous}; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
            await cmd.ExecuteNonQueryAsync(ct);
            _configured.AddOrUpdate(connection.Handle!, this);
        }
        return connection;
    }

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        // BeginTransaction is BEGIN IMMEDIATE here, which already excludes other writers; WAL is set once and persists.
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT 1";
        await cmd.ExecuteScalarAsync(ct);
    }

    public async Task EnableWalAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode = WAL;";
        await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Planner statistics are all or nothing: when some indexes of a table have statistics (an operator ran ANALYZE)
    /// and a migration has added others, SQLite takes the new ones for very selective and picks them for queries
    /// they do not serve (seconds instead of milliseconds at a million runs). Each such index is analyzed here.
    /// </summary>
    public async Task CompleteStatisticsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1')";
        if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        cmd.CommandText = "SELECT i.name FROM sqlite_master i WHERE i.type = 'index' AND i.sql IS NOT NULL " +
            "AND EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = i.tbl_name) AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = i.name)";
        var missing = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) missing.Add(reader.GetString(0));
        foreach (var index in missing)
        {
            cmd.CommandText = $"ANALYZE \"{index.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    protected override async ValueTask<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        await _writerGate.WaitAsync(ct);
        try
        {
            return _writer ??= (SqliteConnection)await OpenAsync(ct);
        }
        catch
        {
            _writerGate.Release();
            throw;
        }
    }

    protected override ValueTask ReturnWriterAsync(DbConnection connection)
    {
        _writerGate.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Checkpoint batches run on the writer only (every caller holds it), through its prepared statements.</summary>
    protected override Task<int[]> ExecuteBatchAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Statement> statements, CancellationToken ct)
    {
        if (connection != _writer) throw new InvalidOperationException("SQLite batches are written on the writer connection.");
        var writer = _writerStatements ??= new SqliteWriterStatements(_writer);
        var result = new int[statements.Count];
        for (var i = 0; i < statements.Count; i++) result[i] = writer.Execute(statements[i]);
        return Task.FromResult(result);
    }

    protected override bool IsConstraintViolation(DbException e) => e is SqliteException { SqliteErrorCode: 19 };

    public override async ValueTask DisposeAsync()
    {
        _writerStatements?.Dispose();
        if (_writer is not null) await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _lock.DisposeAsync();
        _writerGate.Dispose();
        await base.DisposeAsync();
    }
}

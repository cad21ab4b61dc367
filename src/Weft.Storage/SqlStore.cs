using System.Data.Common;
using System.Reflection;
using Weft.Core.Storage;

namespace Weft.Storage;

/// <summary>
/// The SQL implementation of every store role, shared by SQLite and PostgreSQL. Subclasses supply
/// connections, the claim statement, the migration lock and how a batch of commands is sent.
/// </summary>
public abstract partial class SqlStore : IWeftStore, IDefinitionStore, INamespaceStore, IRunStore, IWorkQueue, IRunWriter, IIntegrationItemStore, IWebhookStore
{
    public abstract string Provider { get; }

    /// <summary>The clock the store reads by itself (a migration's <c>applied_at</c>, reconnect waits); the server's <see cref="TimeProvider"/>.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public virtual bool SingleProcess => false;

    /// <summary>In process (one node's claim loop); PostgreSQL carries it to the other nodes.</summary>
    public virtual Weft.Core.Workers.IWorkSignal OpenWorkSignal(string node) => new Weft.Core.Workers.LocalWorkSignal();

    public IDefinitionStore Definitions => this;

    public INamespaceStore Namespaces => this;

    public IRunStore Runs => this;

    public IRunWriter Writer => this;

    public IWorkQueue Work => this;

    public IIntegrationItemStore Integration => this;

    public IWebhookStore Webhooks => this;

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Takes the lock that keeps two nodes from migrating at once, inside <paramref name="tx"/>.</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);

    protected abstract string ClaimSql { get; }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockForMigrationAsync(connection, tx, ct);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS weft_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", ct);
        var applied = new HashSet<long>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT version FROM weft_schema";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var (version, sql) in Scripts())
        {
            if (applied.Contains(version)) continue;
            await ExecuteAsync(connection, tx, sql, ct);
            await ExecuteAsync(connection, tx, $"INSERT INTO weft_schema (version, applied_at) VALUES ({version}, {Time.GetUtcNow().ToUnixTimeMilliseconds()})", ct);
        }
        await tx.CommitAsync(ct);
        if (SingleProcess)
        {
            var writer = await OpenWriterAsync(ct);
            try
            {
                await ReloadHookNamespacesAsync(writer, ct);
            }
            finally
            {
                await ReturnWriterAsync(writer);
            }
        }
    }

    /// <summary>The numbered scripts embedded for this provider, in order.</summary>
    private IEnumerable<(long Version, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"Weft.Storage.Schema.{Provider}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            var version = long.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    protected static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

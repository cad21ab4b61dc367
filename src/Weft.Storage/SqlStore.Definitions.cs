using System.Data.Common;
using Dapper;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    private sealed class DefinitionRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string name { get; set; } = "";
        public long version { get; set; }
        public string hash { get; set; } = "";
        public string format { get; set; } = "";
        public string source { get; set; } = "";
        public string? description { get; set; }
        public long created_at { get; set; }
        public long? number { get; set; }

        public StoredDefinition ToModel() => new(id, @namespace, name, (int)version, hash, format, source, description, FromMs(created_at), number ?? 0);
    }

    private const string DefinitionColumns = "id, namespace, name, version, hash, format, source, description, created_at, number";

    public virtual bool DeploysHeard => SingleProcess;

    public event Action? DeploysChanged;

    protected void RaiseDeploysChanged() => DeploysChanged?.Invoke();

    /// <summary>Run in a deploy's transaction after its insert: tells the other nodes (null: none to tell).</summary>
    protected virtual string? DeployNoticeSql => null;

    public async Task<(StoredDefinition Definition, bool Created)> SaveAsync(string ns, string name, string hash, string format, string source, string? description, DateTimeOffset now, CancellationToken ct)
    {
        long number = 0;
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Identical to the latest version: that version. Anything else, an older text included, is the next version.
            var latest = await connection.QueryFirstOrDefaultAsync<DefinitionRow>(new CommandDefinition(
                $"SELECT {DefinitionColumns} FROM definitions WHERE namespace = @ns AND name = @name ORDER BY version DESC LIMIT 1",
                new { ns, name }, tx, cancellationToken: ct));
            if (latest is not null && latest.hash == hash) return (latest.ToModel(), false);
            var max = latest?.version ?? 0;
            // Taken once: a try that lost the version to another deploy wrote nothing, so the next try keeps it.
            if (number == 0) number = await TakeNumberAsync(ns, NumberKind.Definition, ct);
            var row = new DefinitionRow
            {
                id = Guid.CreateVersion7(now).ToString(),
                @namespace = ns,
                name = name,
                version = max + 1,
                hash = hash,
                format = format,
                source = source,
                description = description,
                created_at = Ms(now),
                number = number,
            };
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO definitions ({DefinitionColumns}) VALUES (@id, @namespace, @name, @version, @hash, @format, @source, @description, @created_at, @number)",
                    row, tx, cancellationToken: ct));
                await CountAsync(connection, tx, ns, NumberKind.Definition, ct);
                if (DeployNoticeSql is { } notice)
                    await connection.ExecuteAsync(new CommandDefinition(notice, new { ns, name }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return (row.ToModel(), true);
            }
            catch (DbException) when (attempt < 5)
            {
                // Another deploy of the same name took this version number first; read again and take the next.
            }
        }
    }

    public async Task<StoredDefinition?> GetAsync(string ns, string name, int? version, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var sql = version is null
            ? $"SELECT {DefinitionColumns} FROM definitions WHERE namespace = @ns AND name = @name ORDER BY version DESC LIMIT 1"
            : $"SELECT {DefinitionColumns} FROM definitions WHERE namespace = @ns AND name = @name AND version = @version";
        var row = await connection.QueryFirstOrDefaultAsync<DefinitionRow>(new CommandDefinition(sql, new { ns, name, version }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<StoredDefinition?> GetByIdAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<DefinitionRow>(new CommandDefinition(
            $"SELECT {DefinitionColumns} FROM definitions WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<StoredDefinition?> IDefinitionStore.GetByNumberAsync(string ns, long number, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<DefinitionRow>(new CommandDefinition(
            $"SELECT {DefinitionColumns} FROM definitions WHERE namespace = @ns AND number = @number", new { ns, number }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(string ns, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DefinitionRow>(new CommandDefinition(
            $"SELECT {DefinitionColumns} FROM definitions d WHERE namespace = @ns AND version = (SELECT MAX(version) FROM definitions x WHERE x.namespace = d.namespace AND x.name = d.name) ORDER BY name",
            new { ns }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string ns, string name, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DefinitionRow>(new CommandDefinition(
            $"SELECT {DefinitionColumns} FROM definitions WHERE namespace = @ns AND name = @name ORDER BY version", new { ns, name }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    async Task<bool> INamespaceStore.ExistsAsync(string ns, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT 1 FROM namespaces WHERE name = @ns", new { ns }, cancellationToken: ct)) is not null;
    }

    async Task<bool> INamespaceStore.CreateAsync(string ns, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO namespaces (name, created_at) VALUES (@ns, @now) ON CONFLICT (name) DO NOTHING", new { ns, now = Ms(now) }, cancellationToken: ct));
        return n > 0;
    }

    async Task<IReadOnlyList<string>> INamespaceStore.ListAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM namespaces ORDER BY name", cancellationToken: ct))).ToList();
    }
}

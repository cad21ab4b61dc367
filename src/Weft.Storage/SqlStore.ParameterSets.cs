using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Cases;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore : IParameterSetStore
{
    public IParameterSetStore ParameterSets => this;

    private const string ParameterSetColumns = "id, namespace, definition, name, version, input, created_at, updated_at";

    private sealed class ParameterSetRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string definition { get; set; } = "";
        public string name { get; set; } = "";
        public long? version { get; set; }
        public string input { get; set; } = "{}";
        public long created_at { get; set; }
        public long updated_at { get; set; }

        public ParameterSet ToModel() => new()
        {
            Id = id,
            Namespace = @namespace,
            Definition = definition,
            Name = name,
            Version = (int?)version,
            Input = JsonNode.Parse(input) as JsonObject ?? [],
            CreatedAt = FromMs(created_at),
            UpdatedAt = FromMs(updated_at),
        };
    }

    public async Task<bool> CreateParameterSetAsync(ParameterSet set, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO parameter_sets ({ParameterSetColumns}) VALUES (@id, @ns, @definition, @name, @version, @input, @created_at, @updated_at)",
                new { id = set.Id, ns = set.Namespace, definition = set.Definition, name = set.Name, version = set.Version, input = set.Input.ToJsonString(), created_at = Ms(set.CreatedAt), updated_at = Ms(set.UpdatedAt) },
                cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (IsConstraintViolation(e))
        {
            return false;
        }
    }

    public Task<ParameterSet?> GetParameterSetAsync(string ns, string id, CancellationToken ct) =>
        OneParameterSetAsync("id = @id", new { ns, id }, ct);

    public Task<ParameterSet?> FindParameterSetAsync(string ns, string definition, string name, CancellationToken ct) =>
        OneParameterSetAsync("definition = @definition AND name = @name", new { ns, definition, name }, ct);

    private async Task<ParameterSet?> OneParameterSetAsync(string where, object parameters, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ParameterSetRow>(new CommandDefinition(
            $"SELECT {ParameterSetColumns} FROM parameter_sets WHERE namespace = @ns AND {where}", parameters, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<ParameterSet>> ListParameterSetsAsync(string ns, string? definition, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ParameterSetRow>(new CommandDefinition(
            $"SELECT {ParameterSetColumns} FROM parameter_sets WHERE namespace = @ns" + (definition is null ? "" : " AND definition = @definition")
            + (Provider == "postgres" ? " ORDER BY definition COLLATE \"C\", name COLLATE \"C\"" : " ORDER BY definition, name"),
            new { ns, definition }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<bool> UpdateParameterSetAsync(ParameterSet set, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE parameter_sets SET version = @version, input = @input, updated_at = @updated_at WHERE namespace = @ns AND id = @id",
            new { ns = set.Namespace, id = set.Id, version = set.Version, input = set.Input.ToJsonString(), updated_at = Ms(set.UpdatedAt) },
            cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteParameterSetAsync(string ns, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM parameter_sets WHERE namespace = @ns AND id = @id", new { ns, id }, cancellationToken: ct)) == 1;
    }
}

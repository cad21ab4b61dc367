using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    private sealed class RunRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string definition_id { get; set; } = "";
        public string definition_name { get; set; } = "";
        public long definition_version { get; set; }
        public long status { get; set; }
        public string input { get; set; } = "";
        public string state { get; set; } = "";
        public string? output { get; set; }
        public string? error { get; set; }
        public long created_at { get; set; }
        public long updated_at { get; set; }
        public long? ended_at { get; set; }
        public long version { get; set; }
        public string? parent_run_id { get; set; }
        public string? parent_step { get; set; }
        public long? parent_attempt { get; set; }
        public string? tags { get; set; }
        public string? business_key { get; set; }
        public string? initiator { get; set; }
        public string? case_id { get; set; }
        public string? subject { get; set; }
        public long? number { get; set; }

        public RunRecord ToModel() => new()
        {
            Id = id,
            Namespace = @namespace,
            DefinitionId = definition_id,
            DefinitionName = definition_name,
            DefinitionVersion = (int)definition_version,
            Status = (RunStatus)status,
            Input = JsonNode.Parse(input) as JsonObject ?? [],
            State = RunState.Deserialize(state),
            Output = output is null ? null : JsonNode.Parse(output),
            Error = error is null ? null : JsonSerializer.Deserialize<RunError>(error, RunState.Json),
            CreatedAt = FromMs(created_at),
            UpdatedAt = FromMs(updated_at),
            EndedAt = ended_at is null ? null : FromMs(ended_at.Value),
            Version = version,
            ParentRunId = parent_run_id,
            ParentStep = parent_step,
            ParentAttempt = (int?)parent_attempt,
            Tags = tags is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(tags) ?? [],
            BusinessKey = business_key,
            CaseId = case_id,
            Subject = subject is null ? null : JsonNode.Parse(subject) as JsonObject,
            Number = number ?? 0,
        };
    }

    private const string RunColumns = "id, namespace, definition_id, definition_name, definition_version, status, input, state, output, error, created_at, updated_at, ended_at, version, parent_run_id, parent_step, parent_attempt, tags, business_key, initiator, case_id, subject, number";

    public async Task<RunRecord?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<RunRow>(new CommandDefinition($"SELECT {RunColumns} FROM runs WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<RunRecord?> IRunStore.GetByNumberAsync(string ns, long number, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM runs WHERE namespace = @ns AND number = @number", new { ns, number }, cancellationToken: ct));
        return row?.ToModel();
    }
}

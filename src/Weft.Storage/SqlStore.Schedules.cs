using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Runs;
using Weft.Core.Schedules;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore : IScheduleStore
{
    private sealed class ScheduleRow
    {
        public string @namespace { get; set; } = "";
        public string definition_name { get; set; } = "";
        public string schedule_id { get; set; } = "";
        public long definition_version { get; set; }
        public string cron { get; set; } = "";
        public string timezone { get; set; } = "";
        public string input { get; set; } = "{}";
        public string misfire { get; set; } = "";
        public long enabled { get; set; }
        public long? next_at { get; set; }
        public long? last_tick { get; set; }

        public StoredSchedule ToModel() => new(
            @namespace, definition_name, schedule_id, (int)definition_version, cron, timezone,
            JsonNode.Parse(input)!.AsObject(), Enum.Parse<MisfirePolicy>(misfire), enabled != 0,
            next_at is null ? null : FromMs(next_at.Value), last_tick is null ? null : FromMs(last_tick.Value));
    }

    private const string ScheduleColumns = "namespace, definition_name, schedule_id, definition_version, cron, timezone, input, misfire, enabled, next_at, last_tick";

    private const string ScheduleKey = "namespace = @ns AND definition_name = @definition AND schedule_id = @id";

    private const string InsertTickSql =
        "INSERT INTO schedule_ticks (namespace, definition_name, schedule_id, tick, run_id) VALUES (@ns, @definition, @id, @tick, @run_id)";

    private const string TickAdvanceSql =
        $"UPDATE schedules SET next_at = @next_at, last_tick = CASE WHEN last_tick IS NULL OR last_tick < @tick THEN @tick ELSE last_tick END WHERE {ScheduleKey} AND definition_version = @version";

    public IScheduleStore Schedules => this;

    /// <summary>The claim of due schedules; PostgreSQL skips rows another node is claiming, SQLite has one writer at a time.</summary>
    private string ScheduleClaimSql =>
        "UPDATE schedules SET lease_owner = @node, lease_until = @until WHERE (namespace, definition_name, schedule_id) IN " +
        "(SELECT namespace, definition_name, schedule_id FROM schedules WHERE enabled = 1 AND next_at <= @now AND lease_until <= @now ORDER BY next_at LIMIT @max" +
        (Provider == "postgres" ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + ScheduleColumns;

    async Task<bool> IScheduleStore.ReplaceAsync(string ns, string definition, int version, IReadOnlyList<StoredSchedule> schedules, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (Provider == "postgres")
        {
            // Two deploys of one definition at once: the later version wins, not the later commit.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = ns + "/" + definition }, tx, cancellationToken: ct));
        }
        var stored = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(definition_version) FROM schedules WHERE namespace = @ns AND definition_name = @definition", new { ns, definition }, tx, cancellationToken: ct));
        if (stored >= version) return false;
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM schedules WHERE namespace = @ns AND definition_name = @definition", new { ns, definition }, tx, cancellationToken: ct));
        foreach (var s in schedules)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO schedules ({ScheduleColumns}, lease_owner, lease_until) VALUES (@ns, @definition, @id, @version, @cron, @timezone, @input, @misfire, @enabled, @next_at, NULL, NULL, 0)",
                new
                {
                    ns,
                    definition,
                    id = s.Id,
                    version,
                    cron = s.Cron,
                    timezone = s.TimeZone,
                    input = s.Input.ToJsonString(),
                    misfire = s.Misfire.ToString(),
                    enabled = s.Enabled ? 1 : 0,
                    next_at = s.NextAt is { } n ? Ms(n) : (long?)null,
                }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return stored is not null || schedules.Count > 0;
    }

    async Task<IReadOnlyList<StoredSchedule>> IScheduleStore.ListAsync(string ns, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
            $"SELECT {ScheduleColumns} FROM schedules WHERE namespace = @ns ORDER BY definition_name, schedule_id", new { ns }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    async Task<StoredSchedule?> IScheduleStore.GetAsync(string ns, string definition, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ScheduleRow>(new CommandDefinition(
            $"SELECT {ScheduleColumns} FROM schedules WHERE {ScheduleKey}", new { ns, definition, id }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<bool> IScheduleStore.SetEnabledAsync(string ns, string definition, string id, bool enabled, DateTimeOffset? nextAt, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE schedules SET enabled = @enabled, next_at = @next_at WHERE {ScheduleKey} AND enabled = @was",
            new { ns, definition, id, enabled = enabled ? 1 : 0, was = enabled ? 0 : 1, next_at = nextAt is { } t ? Ms(t) : (long?)null }, cancellationToken: ct));
        return n == 1;
    }

    async Task<IReadOnlyList<StoredSchedule>> IScheduleStore.ClaimDueAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
            ScheduleClaimSql, new { node, now = Ms(now), until = Ms(leaseUntil), max }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).OrderBy(s => s.NextAt).ToList();
    }

    async Task<DateTimeOffset?> IScheduleStore.NextDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(next_at) FROM schedules WHERE enabled = 1 AND lease_until <= @now", new { now = Ms(now) }, cancellationToken: ct));
        return ms is null ? null : FromMs(ms.Value);
    }

    async Task IScheduleStore.AdvanceAsync(StoredSchedule schedule, DateTimeOffset? nextAt, string node, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE schedules SET next_at = @next_at, lease_owner = NULL, lease_until = 0 WHERE {ScheduleKey} AND definition_version = @version AND lease_owner = @node",
            new
            {
                ns = schedule.Namespace,
                definition = schedule.DefinitionName,
                id = schedule.Id,
                version = schedule.DefinitionVersion,
                node,
                next_at = nextAt is { } t ? Ms(t) : (long?)null,
            }, cancellationToken: ct));
    }

    async Task<IReadOnlyList<(DateTimeOffset Tick, string RunId)>> IScheduleStore.TicksAsync(string ns, string definition, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Tick, string RunId)>(new CommandDefinition(
            $"SELECT tick, run_id FROM schedule_ticks WHERE {ScheduleKey} ORDER BY tick", new { ns, definition, id }, cancellationToken: ct));
        return rows.Select(r => (FromMs(r.Tick), r.RunId)).ToList();
    }

    /// <summary>The tick's row (a second one for the same tick breaks the key: the write is refused) and the schedule's next tick.</summary>
    private static void BuildScheduleTick(RunWrite write, ScheduleTick tick, List<Statement> statements)
    {
        var s = tick.Schedule;
        statements.Add(new Statement(InsertTickSql,
        [
            new("ns", s.Namespace), new("definition", s.DefinitionName), new("id", s.Id), new("tick", Ms(tick.Tick)), new("run_id", write.Run.Id),
        ]));
        statements.Add(new Statement(TickAdvanceSql,
        [
            new("next_at", tick.NextAt is { } n ? Ms(n) : null), new("tick", Ms(tick.Tick)),
            new("ns", s.Namespace), new("definition", s.DefinitionName), new("id", s.Id), new("version", s.DefinitionVersion),
        ]));
    }
}

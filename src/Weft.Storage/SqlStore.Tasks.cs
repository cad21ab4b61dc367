using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Tasks;

namespace Weft.Storage;

public abstract partial class SqlStore : ITaskStore
{
    private const string TaskColumns =
        "id, namespace, run_id, step, attempt, title, description, assignee_user, assignee_role, assignee_filter, form, vals, actions, status, due_at, created_at, completed_at, completed_by, action, version, number";

    private const string InsertTaskSql =
        $"INSERT INTO tasks ({TaskColumns}) VALUES (@id, @namespace, @run_id, @step, @attempt, @title, @description, @assignee_user, @assignee_role, @assignee_filter, @form, @vals, @actions, @status, @due_at, @created_at, @completed_at, @completed_by, @action, @version, @number)";

    private const string ReassignTaskSql =
        "UPDATE tasks SET assignee_user = @user, assignee_role = @role, assignee_filter = NULL, version = version + 1 WHERE run_id = @run_id AND step = @step AND attempt = @attempt AND status = 'open'";

    private const string CancelTaskSql =
        "UPDATE tasks SET status = 'cancelled', completed_at = @now, version = version + 1 WHERE run_id = @run_id AND step = @step AND attempt = @attempt AND status = 'open'";

    private const string CancelRunTasksSql =
        "UPDATE tasks SET status = 'cancelled', completed_at = @now, version = version + 1 WHERE run_id = @run_id AND status = 'open'";

    private const string CancelStepTasksSql =
        "UPDATE tasks SET status = 'cancelled', completed_at = @now, version = version + 1 WHERE run_id = @run_id AND step = @step AND status = 'open'";

    private static readonly JsonSerializerOptions TaskJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public ITaskStore Tasks => this;

    private static void BuildTaskEffect(RunWrite write, RunEffect effect, List<Statement> statements)
    {
        var now = Ms(write.Run.UpdatedAt);
        switch (effect)
        {
            case TaskCreated created:
                statements.Add(new Statement(InsertTaskSql, TaskParameters(created.Task)));
                break;
            case TaskReassigned r:
                statements.Add(new Statement(ReassignTaskSql, [new("user", r.User), new("role", r.Role), new("run_id", r.RunId), new("step", r.Step), new("attempt", r.Attempt)]));
                break;
            case TaskCancelled c:
                statements.Add(new Statement(CancelTaskSql, [new("now", now), new("run_id", c.RunId), new("step", c.Step), new("attempt", c.Attempt)]));
                break;
        }
    }

    private static KeyValuePair<string, object?>[] TaskParameters(TaskRecord t) =>
    [
        new("id", t.Id),
        new("namespace", t.Namespace),
        new("run_id", t.RunId),
        new("step", t.Step),
        new("attempt", t.Attempt),
        new("title", t.Title),
        new("description", t.Description),
        new("assignee_user", t.AssigneeUser),
        new("assignee_role", t.AssigneeRole),
        new("assignee_filter", t.AssigneeFilter),
        new("form", JsonSerializer.Serialize(t.Form, TaskJson)),
        new("vals", t.Values.ToJsonString()),
        new("actions", JsonSerializer.Serialize(t.Actions, TaskJson)),
        new("status", t.Status),
        new("due_at", t.DueAt is { } d ? Ms(d) : null),
        new("created_at", Ms(t.CreatedAt)),
        new("completed_at", t.CompletedAt is { } c ? Ms(c) : null),
        new("completed_by", t.CompletedBy),
        new("action", t.Action),
        new("version", t.Version),
        new("number", t.Number > 0 ? t.Number : throw new InvalidOperationException($"task {t.Id} has no number yet")),
    ];

    public async Task<IReadOnlyList<TaskFileInfo>> CreateAsync(TaskRecord task, IReadOnlyList<NewTaskFile> files, CancellationToken ct)
    {
        if (task.Number == 0) task.Number = await TakeNumberAsync(task.Namespace, NumberKind.Task, ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var parameters = new DynamicParameters();
        foreach (var (name, value) in TaskParameters(task)) parameters.Add(name, value);
        await connection.ExecuteAsync(new CommandDefinition(InsertTaskSql, parameters, tx, cancellationToken: ct));
        await CountAsync(connection, tx, task.Namespace, NumberKind.Task, ct);
        var infos = new List<TaskFileInfo>();
        foreach (var f in files) infos.Add(await InsertFileAsync(connection, tx, task.Id, f.Name, f.ContentType, f.Content, task.CreatedAt, ct));
        var hooks = await AddTaskDeliveriesAsync(connection, tx, task, ct);
        await tx.CommitAsync(ct);
        if (hooks) DeliveriesAdded.Ring();
        return infos;
    }

    async Task<TaskRecord?> ITaskStore.GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition($"SELECT {TaskColumns} FROM tasks WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<TaskRecord?> ITaskStore.GetByNumberAsync(string ns, long number, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM tasks WHERE namespace = @ns AND number = @number", new { ns, number }, cancellationToken: ct));
        return row?.ToModel();
    }

    async Task<TaskPage> ITaskStore.ListAsync(TaskQuery query, CancellationToken ct)
    {
        var where = new List<string>();
        var p = new DynamicParameters();
        if (query.Namespace is not null) { where.Add("namespace = @ns"); p.Add("ns", query.Namespace); }
        if (query.RunId is not null) { where.Add("run_id = @run_id"); p.Add("run_id", query.RunId); }
        if (query.Status is not null) { where.Add("status = @status"); p.Add("status", query.Status); }
        if (query.Cursor is not null) { where.Add("id < @cursor"); p.Add("cursor", query.Cursor); }
        if (query.User is not null)
        {
            var roles = query.Roles ?? [];
            // Each role its own parameter: Dapper passes a list as an array to Npgsql, which IN does not take.
            var names = Enumerable.Range(0, roles.Count).Select(i => "@role" + i).ToList();
            where.Add("(assignee_user = @user OR assignee_filter IS NOT NULL" + (roles.Count > 0 ? $" OR assignee_role IN ({string.Join(", ", names)}))" : ")"));
            p.Add("user", query.User);
            for (var i = 0; i < roles.Count; i++) p.Add("role" + i, roles[i]);
        }
        p.Add("limit", query.Limit + 1);
        var sql = $"SELECT {TaskColumns} FROM tasks" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id DESC LIMIT @limit";
        await using var connection = await OpenAsync(ct);
        var rows = (await connection.QueryAsync<TaskRow>(new CommandDefinition(sql, p, cancellationToken: ct))).ToList();
        var more = rows.Count > query.Limit;
        var items = rows.Take(query.Limit).Select(r => r.ToModel()).ToList();
        return new TaskPage(items, more ? items[^1].Id : null);
    }

    public async Task<bool> UpdateValuesAsync(string id, long expectedVersion, JsonObject values, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET vals = @vals, version = version + 1 WHERE id = @id AND version = @expected AND status = 'open'",
            new { id, expected = expectedVersion, vals = values.ToJsonString() }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> ClaimAsync(string id, long expectedVersion, string user, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET assignee_user = @user, assignee_role = NULL, assignee_filter = NULL, version = version + 1 WHERE id = @id AND version = @expected AND status = 'open'",
            new { id, expected = expectedVersion, user }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> CompleteAsync(TaskRecord task, long expectedVersion, JsonObject? signal, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var n = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET status = 'completed', vals = @vals, completed_at = @at, completed_by = @by, action = @action, version = version + 1 " +
            "WHERE id = @id AND version = @expected AND status = 'open'",
            new { id = task.Id, expected = expectedVersion, vals = task.Values.ToJsonString(), at = Ms(task.CompletedAt!.Value), by = task.CompletedBy, action = task.Action },
            tx, cancellationToken: ct));
        if (n != 1)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        if (task.RunId is not null && signal is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertWorkSql, new
            {
                id = Guid.CreateVersion7(task.CompletedAt!.Value).ToString(),
                run_id = task.RunId,
                kind = (int)WorkKind.Signal,
                step = task.Step,
                attempt = task.Attempt,
                due_at = Ms(task.CompletedAt!.Value),
                owner = (string?)null,
                token = 0L,
                payload = signal.ToJsonString(),
            }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<TaskFileInfo> AddFileAsync(string taskId, string name, string contentType, byte[] content, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await InsertFileAsync(connection, null, taskId, name, contentType, content, now, ct);
    }

    private static async Task<TaskFileInfo> InsertFileAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, string taskId, string name, string contentType, byte[] content, DateTimeOffset now, CancellationToken ct)
    {
        var info = new TaskFileInfo(Guid.CreateVersion7(now).ToString(), taskId, name, contentType, content.LongLength, now);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO task_files (id, task_id, name, content_type, size, content, created_at) VALUES (@id, @task_id, @name, @content_type, @size, @content, @created_at)",
            new { id = info.Id, task_id = taskId, name, content_type = contentType, size = info.Size, content, created_at = Ms(now) }, tx, cancellationToken: ct));
        return info;
    }

    public async Task<IReadOnlyList<TaskFileInfo>> ListFilesAsync(string taskId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<TaskFileRow>(new CommandDefinition(
            "SELECT id, task_id, name, content_type, size, created_at FROM task_files WHERE task_id = @taskId ORDER BY id", new { taskId }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<(TaskFileInfo Info, byte[] Content)?> GetFileAsync(string taskId, string fileId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TaskFileRow>(new CommandDefinition(
            "SELECT id, task_id, name, content_type, size, created_at, content FROM task_files WHERE id = @fileId AND task_id = @taskId", new { taskId, fileId }, cancellationToken: ct));
        return row is null ? null : (row.ToModel(), row.content ?? []);
    }

    private sealed class TaskRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string? run_id { get; set; }
        public string? step { get; set; }
        public long attempt { get; set; }
        public string title { get; set; } = "";
        public string? description { get; set; }
        public string? assignee_user { get; set; }
        public string? assignee_role { get; set; }
        public string? assignee_filter { get; set; }
        public string form { get; set; } = "[]";
        public string vals { get; set; } = "{}";
        public string actions { get; set; } = "[]";
        public string status { get; set; } = "";
        public long? due_at { get; set; }
        public long created_at { get; set; }
        public long? completed_at { get; set; }
        public string? completed_by { get; set; }
        public string? action { get; set; }
        public long version { get; set; }
        public long? number { get; set; }

        public TaskRecord ToModel() => new()
        {
            Id = id,
            Namespace = @namespace,
            RunId = run_id,
            Step = step,
            Attempt = (int)attempt,
            Title = title,
            Description = description,
            AssigneeUser = assignee_user,
            AssigneeRole = assignee_role,
            AssigneeFilter = assignee_filter,
            Form = JsonSerializer.Deserialize<List<FormField>>(form, TaskJson) ?? [],
            Values = JsonNode.Parse(vals) as JsonObject ?? [],
            Actions = JsonSerializer.Deserialize<List<string>>(actions, TaskJson) ?? [],
            Status = status,
            DueAt = due_at is { } d ? FromMs(d) : null,
            CreatedAt = FromMs(created_at),
            CompletedAt = completed_at is { } c ? FromMs(c) : null,
            CompletedBy = completed_by,
            Action = action,
            Version = version,
            Number = number ?? 0,
        };
    }

    private sealed class TaskFileRow
    {
        public string id { get; set; } = "";
        public string task_id { get; set; } = "";
        public string name { get; set; } = "";
        public string content_type { get; set; } = "";
        public long size { get; set; }
        public long created_at { get; set; }
        public byte[]? content { get; set; }

        public TaskFileInfo ToModel() => new(id, task_id, name, content_type, size, FromMs(created_at));
    }
}

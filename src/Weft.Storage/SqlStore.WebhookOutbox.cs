using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Weft.Core.Tasks;
using Weft.Core.Webhooks;

namespace Weft.Storage;

/// <summary>
/// The webhook outbox: a checkpoint that starts or ends a run, opens a human task or creates an integration item
/// adds one INSERT ... SELECT per event to its own batch, which writes a delivery for each matching subscription
/// (none when nobody subscribed). Intermediate checkpoints add nothing.
/// </summary>
public abstract partial class SqlStore
{
    private protected const string InsertDeliveriesSql =
        "INSERT INTO webhook_deliveries (id, subscription_id, namespace, event, occurred_at, data, status, attempts, due_at, since, lease_token) " +
        "SELECT @delivery_prefix || s.id, s.id, s.namespace, @event, @at, @data, 'pending', 0, @at, @at, 0 FROM webhook_subscriptions s " +
        "WHERE s.namespace = @ns AND s.active = 1 AND s.events LIKE @pattern AND (s.definition IS NULL OR s.definition = @def)";

    // When the store is this process's alone (SQLite): the namespaces with an active subscription, or null while not
    // known (then every event gets its statement). Subscriptions change only while the writer is held (as every
    // checkpoint is built and committed), and the set is reloaded before the writer is given back, so a checkpoint
    // never skips a subscription that its INSERT ... SELECT would have found. It spares every run start and end two
    // statements and a JSON body when nobody subscribed (a third of the engine's throughput on SQLite).
    private volatile HashSet<string>? _hookNamespaces;

    private async Task ReloadHookNamespacesAsync(DbConnection writer, CancellationToken ct)
    {
        if (!SingleProcess) return;
        _hookNamespaces = null;
        var names = await writer.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT namespace FROM webhook_subscriptions WHERE active = 1", cancellationToken: ct));
        _hookNamespaces = [.. names];
    }

    private void BuildWebhookEvents(RunWrite write, List<Statement> statements)
    {
        var run = write.Run;
        if (SingleProcess && _hookNamespaces is { } known && !known.Contains(run.Namespace)) return;
        if (write.ExpectedVersion is null) AddDelivery(write, WebhookEvents.RunStarted, RunData(run, false), statements);
        if (write.ClearWork && run.Status.IsFinal())
        {
            var name = run.Status switch
            {
                RunStatus.Completed => WebhookEvents.RunCompleted,
                RunStatus.Terminated => WebhookEvents.RunTerminated,
                RunStatus.TimedOut => WebhookEvents.RunTimedOut,
                _ => WebhookEvents.RunFailed,
            };
            AddDelivery(write, name, RunData(run, true), statements);
        }
        foreach (var effect in write.Effects)
        {
            if (effect is TaskCreated task) AddDelivery(write, WebhookEvents.TaskCreated, TaskData(task.Task, run.DefinitionName), statements);
            else if (effect is IntegrationItemCreated item) AddDelivery(write, WebhookEvents.IntegrationCreated, ItemData(item, run), statements);
        }
    }

    /// <summary>True when the committed batch wrote at least one delivery.</summary>
    private static bool AddedDeliveries(IReadOnlyList<Statement> statements, int[] affected)
    {
        for (var i = 0; i < statements.Count; i++)
            if (affected[i] > 0 && ReferenceEquals(statements[i].Sql, InsertDeliveriesSql)) return true;
        return false;
    }

    private static void AddDelivery(RunWrite write, string name, string data, List<Statement> statements) =>
        statements.Add(new Statement(InsertDeliveriesSql,
        [
            // Each delivery's id: this event's id and the subscription's, so it is unique and the same on every attempt.
            new("delivery_prefix", "whd_" + Guid.CreateVersion7().ToString("N") + "_"),
            new("event", name),
            new("at", Ms(write.Run.UpdatedAt)),
            new("data", data),
            new("ns", write.Run.Namespace),
            new("pattern", "%," + name + ",%"),
            new("def", write.Run.DefinitionName),
        ]));

    private static string RunData(RunRecord run, bool ended) => Json(w =>
    {
        w.WriteString("id", run.Id);
        w.WriteString("definition", run.DefinitionName);
        w.WriteNumber("version", run.DefinitionVersion);
        w.WriteString("status", run.Status.ToName());
        if (run.BusinessKey is not null) w.WriteString("businessKey", run.BusinessKey);
        if (!ended) return;
        if (run.Output is not null)
        {
            w.WritePropertyName("output");
            run.Output.WriteTo(w);
        }
        if (run.Error is not null)
        {
            w.WriteStartObject("error");
            w.WriteString("message", run.Error.Message);
            if (run.Error.Step is not null) w.WriteString("step", run.Error.Step);
            w.WriteEndObject();
        }
    });

    /// <summary>A free-standing task (no run) is created outside any checkpoint: its deliveries go in its own transaction.</summary>
    private static async Task<bool> AddTaskDeliveriesAsync(DbConnection connection, DbTransaction tx, TaskRecord task, CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        parameters.Add("delivery_prefix", "whd_" + Guid.CreateVersion7().ToString("N") + "_");
        parameters.Add("event", WebhookEvents.TaskCreated);
        parameters.Add("at", Ms(task.CreatedAt));
        parameters.Add("data", TaskData(task, null));
        parameters.Add("ns", task.Namespace);
        parameters.Add("pattern", "%," + WebhookEvents.TaskCreated + ",%");
        parameters.Add("def", null, System.Data.DbType.String);
        return await connection.ExecuteAsync(new CommandDefinition(InsertDeliveriesSql, parameters, tx, cancellationToken: ct)) > 0;
    }

    private static string TaskData(TaskRecord task, string? definition) => Json(w =>
    {
        w.WriteString("id", task.Id);
        if (task.RunId is not null) w.WriteString("runId", task.RunId);
        if (definition is not null) w.WriteString("definition", definition);
        w.WriteString("step", task.Step);
        w.WriteString("title", task.Title);
        if (task.AssigneeUser is not null) w.WriteString("assigneeUser", task.AssigneeUser);
        if (task.AssigneeRole is not null) w.WriteString("assigneeRole", task.AssigneeRole);
        if (task.AssigneeFilter is not null) w.WriteString("assigneeFilter", task.AssigneeFilter);
        if (task.DueAt is { } due) w.WriteString("dueAt", due);
    });

    private static string ItemData(IntegrationItemCreated item, RunRecord run) => Json(w =>
    {
        w.WriteString("id", item.Id);
        w.WriteString("queue", item.Queue);
        w.WriteString("runId", run.Id);
        w.WriteString("definition", run.DefinitionName);
        w.WriteString("step", item.Step);
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

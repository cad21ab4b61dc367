using Dapper;
using Weft.Core.Integration;
using Weft.Core.Storage;
using Weft.Core.Webhooks;

namespace Weft.Storage;

/// <summary>Webhook subscriptions, deliveries and attempts (schema 010); the outbox rows are in SqlStore.WebhookOutbox.</summary>
public abstract partial class SqlStore
{
    private const string SubscriptionColumns = "id, namespace, url, events, definition, secret, active, created_at, updated_at";

    private const string DeliveryColumns =
        "id, subscription_id, namespace, event, occurred_at, data, status, attempts, due_at, since, lease_token, last_status, last_error, last_response, last_attempt_at, delivered_at";

    public QueueBell DeliveriesAdded { get; } = new();

    private sealed class SubscriptionRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string url { get; set; } = "";
        public string events { get; set; } = "";
        public string? definition { get; set; }
        public string secret { get; set; } = "";
        public long active { get; set; }
        public long created_at { get; set; }
        public long updated_at { get; set; }

        public WebhookSubscription ToModel() => new(id, @namespace, url, events.Split(',', StringSplitOptions.RemoveEmptyEntries), definition, secret, active != 0,
            FromMs(created_at), FromMs(updated_at));
    }

    private sealed class DeliveryRow
    {
        public string id { get; set; } = "";
        public string subscription_id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string @event { get; set; } = "";
        public long occurred_at { get; set; }
        public string data { get; set; } = "";
        public string status { get; set; } = "";
        public long attempts { get; set; }
        public long due_at { get; set; }
        public long since { get; set; }
        public long lease_token { get; set; }
        public long? last_status { get; set; }
        public string? last_error { get; set; }
        public string? last_response { get; set; }
        public long? last_attempt_at { get; set; }
        public long? delivered_at { get; set; }

        public WebhookDelivery ToModel() => new(id, subscription_id, @namespace, @event, FromMs(occurred_at), data, status, (int)attempts, FromMs(due_at), FromMs(since),
            lease_token, (int?)last_status, last_error, last_response, last_attempt_at is { } a ? FromMs(a) : null, delivered_at is { } d ? FromMs(d) : null);
    }

    private sealed class AttemptRow
    {
        public long attempt { get; set; }
        public long at { get; set; }
        public string node { get; set; } = "";
        public long? status { get; set; }
        public string? error { get; set; }
        public string? response { get; set; }
        public long duration_ms { get; set; }

        public WebhookAttempt ToModel() => new((int)attempt, FromMs(at), node, (int?)status, error, response, TimeSpan.FromMilliseconds(duration_ms));
    }

    private static object SubscriptionParameters(WebhookSubscription s) => new
    {
        id = s.Id,
        ns = s.Namespace,
        url = s.Url,
        events = "," + string.Join(',', s.Events) + ",",
        definition = s.Definition,
        secret = s.ProtectedSecret,
        active = s.Active ? 1L : 0L,
        created_at = Ms(s.CreatedAt),
        updated_at = Ms(s.UpdatedAt),
    };

    public Task CreateSubscriptionAsync(WebhookSubscription subscription, CancellationToken ct) =>
        ExecuteOnWriterAsync(
            $"INSERT INTO webhook_subscriptions ({SubscriptionColumns}) VALUES (@id, @ns, @url, @events, @definition, @secret, @active, @created_at, @updated_at)",
            SubscriptionParameters(subscription), ct, ReloadHookNamespacesAsync);

    public Task<bool> UpdateSubscriptionAsync(WebhookSubscription subscription, CancellationToken ct) =>
        ExecuteOnWriterAsync(
            "UPDATE webhook_subscriptions SET url = @url, events = @events, definition = @definition, active = @active, updated_at = @updated_at WHERE id = @id AND namespace = @ns",
            SubscriptionParameters(subscription), ct, ReloadHookNamespacesAsync);

    public async Task<bool> DeleteSubscriptionAsync(string ns, string id, CancellationToken ct)
    {
        var connection = await OpenWriterAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM webhook_subscriptions WHERE id = @id AND namespace = @ns", new { id, ns }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = @id AND namespace = @ns)", new { id, ns }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM webhook_deliveries WHERE subscription_id = @id AND namespace = @ns", new { id, ns }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            await ReloadHookNamespacesAsync(connection, ct);
            return deleted == 1;
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public async Task<WebhookSubscription?> GetSubscriptionAsync(string ns, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE id = @id AND namespace = @ns", new { id, ns }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string ns, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE namespace = @ns ORDER BY created_at, id", new { ns }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string ns, string subscriptionId, string? status, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE subscription_id = @subscriptionId AND namespace = @ns" +
            (status is null ? "" : " AND status = @status") + " ORDER BY occurred_at DESC, id DESC LIMIT @limit",
            new { ns, subscriptionId, status, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(string ns, string subscriptionId, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE id = @id AND subscription_id = @subscriptionId AND namespace = @ns",
            new { ns, subscriptionId, id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<WebhookAttempt>> ListAttemptsAsync(string deliveryId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            "SELECT attempt, at, node, status, error, response, duration_ms FROM webhook_attempts WHERE delivery_id = @deliveryId ORDER BY attempt",
            new { deliveryId }, cancellationToken: ct));
        return rows.Select(r => r.ToModel()).ToList();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDeliveriesAsync(string node, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        // Idle senders look first without taking the writer (SQLite) or locking rows (PostgreSQL).
        await using (var reader = await OpenAsync(ct))
        {
            var any = await reader.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND due_at <= @now LIMIT 1", new { now = Ms(now) }, cancellationToken: ct));
            if (any is null) return [];
        }
        // The lease's end is the due time: a delivery held by a node that died is due again when its lease lapses.
        var sql =
            "UPDATE webhook_deliveries SET lease_owner = @node, lease_token = lease_token + 1, due_at = @until WHERE id IN " +
            "(SELECT id FROM webhook_deliveries WHERE status = 'pending' AND due_at <= @now ORDER BY due_at LIMIT @max" +
            (Provider == "postgres" ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + DeliveryColumns;
        var connection = await OpenWriterAsync(ct);
        try
        {
            var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(sql,
                new { node, max, now = Ms(now), until = Ms(now + lease) }, cancellationToken: ct));
            return rows.Select(r => r.ToModel()).OrderBy(d => d.OccurredAt).ToList();
        }
        finally
        {
            await ReturnWriterAsync(connection);
        }
    }

    public async Task<bool> RecordAttemptAsync(WebhookDelivery delivery, WebhookAttemptResult result, CancellationToken ct)
    {
        Statement[] statements =
        [
            new("UPDATE webhook_deliveries SET status = @outcome, attempts = attempts + 1, due_at = @next, lease_owner = NULL, last_status = @status, " +
                "last_error = @error, last_response = @response, last_attempt_at = @at, delivered_at = @delivered WHERE id = @id AND lease_token = @token AND status = 'pending'",
            [
                new("outcome", result.Outcome), new("next", Ms(result.NextAt)), new("status", (long?)result.Status), new("error", result.Error),
                new("response", result.Response), new("at", Ms(result.At)), new("delivered", result.Outcome == WebhookDelivery.Delivered ? Ms(result.At) : null),
                new("id", delivery.Id), new("token", delivery.LeaseToken),
            ], 1),
            new("INSERT INTO webhook_attempts (delivery_id, attempt, at, node, status, error, response, duration_ms) " +
                "VALUES (@id, (SELECT attempts FROM webhook_deliveries WHERE id = @id), @at, @node, @status, @error, @response, @duration)",
            [
                new("at", Ms(result.At)), new("node", result.Node), new("status", (long?)result.Status), new("error", result.Error), new("response", result.Response),
                new("duration", (long)result.Duration.TotalMilliseconds), new("id", delivery.Id),
            ]),
        ];
        return await WriteIfFirstChangesOneAsync(statements, ct);
    }

    public async Task<bool> RedeliverAsync(string ns, string subscriptionId, string id, DateTimeOffset now, CancellationToken ct)
    {
        // A new lease token: a sender still holding an older claim cannot record over the new delivery.
        var done = await ExecuteOnWriterAsync(
            "UPDATE webhook_deliveries SET status = 'pending', due_at = @now, since = @now, lease_owner = NULL, lease_token = lease_token + 1, delivered_at = NULL " +
            "WHERE id = @id AND subscription_id = @subscriptionId AND namespace = @ns AND status IN ('delivered', 'failed')",
            new { ns, subscriptionId, id, now = Ms(now) }, ct);
        if (done) DeliveriesAdded.Ring();
        return done;
    }

    public async Task<IReadOnlyList<string>> LoadProtectionKeysAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT xml FROM protection_keys ORDER BY created_at, name", cancellationToken: ct))).ToList();
    }

    public Task SaveProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOnWriterAsync("INSERT INTO protection_keys (name, xml, created_at) VALUES (@name, @xml, @now)", new { name, xml, now = Ms(now) }, ct);
}

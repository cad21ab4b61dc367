using System.Text.Json.Nodes;
using Weft.Core.Integration;
using Weft.Core.Storage;
using Weft.Core.Workers;

using Weft.Core.Runs;

namespace Weft.Core.Services;

/// <summary>
/// What external workers call: poll a queue (with a long-poll bound), read and write an item's typed fields, extend
/// the lease, and complete or fail the item. A completion or failure is stored as a signal for the waiting run.
/// </summary>
public sealed class IntegrationService(IWeftStore store, DefinitionService definitions, IWorkSignal due, TimeProvider time)
{
    /// <summary>How often a long poll looks again for items made on other nodes or whose lease lapsed.</summary>
    private static readonly TimeSpan RepollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Leases up to <paramref name="max"/> items; when there are none, waits up to <paramref name="wait"/> for some
    /// (an answer of none comes early when <paramref name="stopWaiting"/> fires: the server is stopping).
    /// </summary>
    public async Task<IReadOnlyList<IntegrationItem>> PollAsync(string ns, string queue, string workerId, int max, TimeSpan lease, TimeSpan wait, CancellationToken stopWaiting, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var bell = store.Integration.ItemsCreated.Next;
            var items = await store.Integration.PollAsync(ns, queue, workerId, max, lease, Now(), ct);
            var left = deadline - time.GetUtcNow();
            if (items.Count > 0 || left <= TimeSpan.Zero) return items;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, stopWaiting);
            await Task.WhenAny(bell, Task.Delay(left < RepollInterval ? left : RepollInterval, time, either.Token));
            if (either.IsCancellationRequested) return [];
        }
    }

    /// <summary>The item with this id, or this number (<see cref="NumberedIds"/>), in the namespace.</summary>
    public async Task<IntegrationItem> GetAsync(string ns, string id, CancellationToken ct) =>
        (NumberedIds.IsNumber(id, out var number) ? await store.Integration.GetByNumberAsync(ns, number, ct) : await store.Integration.GetAsync(ns, id, ct))
        ?? throw await NotFoundAsync(ns, id, ct);

    public async Task<IntegrationItem> HeartbeatAsync(string ns, string id, long token, TimeSpan lease, CancellationToken ct)
    {
        if (!await store.Integration.HeartbeatAsync(ns, id, token, Now() + lease, ct)) throw await RefusedAsync(ns, id, token, ct);
        return await GetAsync(ns, id, ct);
    }

    public async Task<IntegrationItem> SetFieldsAsync(string ns, string id, long token, JsonObject values, CancellationToken ct)
    {
        ValueLimits.Check(values, "the fields");
        var item = await LeasedAsync(ns, id, token, ct);
        var fields = Merge(item.Fields, values);
        if (!await store.Integration.UpdateFieldsAsync(ns, id, token, item.Fields, fields, ct)) throw await RefusedAsync(ns, id, token, ct);
        return item with { Fields = fields };
    }

    public async Task<IntegrationItem> CompleteAsync(string ns, string id, long token, JsonObject? values, JsonNode? result, CancellationToken ct)
    {
        ValueLimits.Check(values, "the fields");
        ValueLimits.Check(result, "the result");
        var item = await LeasedAsync(ns, id, token, ct);
        var fields = values is null ? item.Fields : Merge(item.Fields, values);
        foreach (var f in fields.OfType<JsonObject>())
        {
            if (f["required"]?.GetValue<bool>() == true && f["readonly"]?.GetValue<bool>() == false && Empty(f["value"]))
                throw new UnprocessableException($"field '{f["key"]}' is required: give it before completing the item", "fields." + f["key"]);
        }
        var payload = new JsonObject
        {
            ["type"] = "completed",
            ["itemId"] = id,
            ["worker"] = item.LeaseOwner,
            ["fields"] = IntegrationFields.Values(fields),
            ["result"] = result?.DeepClone(),
        };
        return await FinishAsync(item, token, "completed", fields, result, payload, ct);
    }

    public async Task<IntegrationItem> FailAsync(string ns, string id, long token, string error, bool retryable, CancellationToken ct)
    {
        var item = await LeasedAsync(ns, id, token, ct);
        var payload = new JsonObject
        {
            ["type"] = "failed",
            ["itemId"] = id,
            ["worker"] = item.LeaseOwner,
            ["error"] = error,
            ["retryable"] = retryable,
        };
        return await FinishAsync(item, token, "failed", item.Fields, null, payload, ct);
    }

    private async Task<IntegrationItem> FinishAsync(IntegrationItem item, long token, string status, JsonArray fields, JsonNode? result, JsonObject payload, CancellationToken ct)
    {
        var now = Now();
        var signal = new IntegrationSignal(Guid.CreateVersion7(now).ToString(), item.RunId, item.Step, item.Attempt, payload);
        if (!await store.Integration.FinishAsync(item.Namespace, item.Id, token, status, item.Fields, fields, result, signal, now, ct))
            throw await RefusedAsync(item.Namespace, item.Id, token, ct);
        due.Notify();
        return await GetAsync(item.Namespace, item.Id, ct);
    }

    /// <summary>The item, when it is leased under <paramref name="token"/>; otherwise 404 or 409.</summary>
    private async Task<IntegrationItem> LeasedAsync(string ns, string id, long token, CancellationToken ct)
    {
        var item = await GetAsync(ns, id, ct);
        if (item.Status != "leased" || item.LeaseToken != token) throw Refused(item, token);
        return item;
    }

    /// <summary>Copies the fields with the worker's values set; each value is checked against its field.</summary>
    private static JsonArray Merge(JsonArray fields, JsonObject values)
    {
        var merged = (JsonArray)fields.DeepClone();
        foreach (var (key, value) in values)
        {
            var field = merged.OfType<JsonObject>().FirstOrDefault(f => f["key"]?.GetValue<string>() == key)
                ?? throw new UnprocessableException($"'{key}' is not a field of this item", "fields." + key);
            if (field["readonly"]?.GetValue<bool>() == true)
                throw new UnprocessableException($"field '{key}' is read-only: the step sets it, the worker does not", "fields." + key);
            if (IntegrationFields.Check(field, value) is { } problem)
                throw new UnprocessableException($"field '{key}' {problem}", "fields." + key);
            field["value"] = value?.DeepClone();
        }
        return merged;
    }

    /// <summary>As reference 002 has it, a required field is empty when it has no value or an empty text.</summary>
    private static bool Empty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length == 0);

    private async Task<Exception> RefusedAsync(string ns, string id, long token, CancellationToken ct) =>
        await store.Integration.GetAsync(ns, id, ct) is { } item ? Refused(item, token) : await NotFoundAsync(ns, id, ct);

    private static ConflictException Refused(IntegrationItem item, long token) => item.Status switch
    {
        "leased" when item.LeaseToken != token => new ConflictException(
            $"Item '{item.Id}' is leased under another token ({item.LeaseToken}, not {token}): the lease lapsed and the item was handed to another worker."),
        "leased" => new ConflictException($"Item '{item.Id}' changed while this request ran; try again."),
        "available" => new ConflictException($"Item '{item.Id}' is not leased: the lease under token {token} lapsed; poll the queue again."),
        _ => new ConflictException($"Item '{item.Id}' is {item.Status}: it takes no more changes."),
    };

    private async Task<NotFoundException> NotFoundAsync(string ns, string id, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        return new NotFoundException($"No integration item '{id}' in namespace '{ns}'.");
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}

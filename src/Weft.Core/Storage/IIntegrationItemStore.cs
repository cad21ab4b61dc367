using System.Text.Json.Nodes;
using Weft.Core.Integration;
using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>
/// The queues of integration items that external workers poll. Items are created by checkpoints (a
/// <see cref="IntegrationItemCreated"/> effect); workers lease them, and every change after the lease is fenced by
/// the lease token.
/// </summary>
public interface IIntegrationItemStore
{
    /// <summary>Rung after a checkpoint that created items is committed on this node; long polls wait on it.</summary>
    QueueBell ItemsCreated { get; }

    /// <summary>
    /// Leases up to <paramref name="max"/> items of the queue that are available or whose lease has lapsed, to
    /// <paramref name="worker"/> until now + <paramref name="lease"/>; each gets a new lease token. Oldest first.
    /// </summary>
    Task<IReadOnlyList<IntegrationItem>> PollAsync(string ns, string queue, string worker, int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    Task<IntegrationItem?> GetAsync(string ns, string id, CancellationToken ct);

    /// <summary>The item with this number in the namespace (<see cref="IntegrationItem.Number"/>), or null.</summary>
    Task<IntegrationItem?> GetByNumberAsync(string ns, long number, CancellationToken ct);

    /// <summary>Moves the lease's end; false when the item is not leased under <paramref name="token"/>.</summary>
    Task<bool> HeartbeatAsync(string ns, string id, long token, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Stores the item's fields; false when the item is not leased under <paramref name="token"/> or its fields are no
    /// longer <paramref name="expected"/> (another request of the same worker changed them meanwhile).
    /// </summary>
    Task<bool> UpdateFieldsAsync(string ns, string id, long token, JsonArray expected, JsonArray fields, CancellationToken ct);

    /// <summary>
    /// Completes or fails the item (<paramref name="status"/>) and stores <paramref name="signal"/>, the work row that
    /// resumes its run, in one transaction; false (nothing written) when the item is not leased under <paramref name="token"/>
    /// or its fields are no longer <paramref name="expected"/>.
    /// </summary>
    Task<bool> FinishAsync(string ns, string id, long token, string status, JsonArray expected, JsonArray fields, JsonNode? result, IntegrationSignal signal, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The <see cref="WorkKind.Signal"/> row that hands a worker's answer to the waiting step.</summary>
public sealed record IntegrationSignal(string Id, string RunId, string Step, int Attempt, JsonObject Payload);

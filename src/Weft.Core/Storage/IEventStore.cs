using System.Text.Json.Nodes;
using Weft.Core.Events;

namespace Weft.Core.Storage;

/// <summary>Events sent to runs: matched against waiting event steps, or kept for a while for a run that waits later.</summary>
public interface IEventStore
{
    /// <summary>
    /// In one transaction: wakes the oldest wait that matches (deleting it and storing a signal for its step), or,
    /// when none does and <paramref name="retention"/> is positive, keeps the event until its arrival + retention.
    /// Expired kept events are deleted on the way (a few at a time).
    /// </summary>
    Task<PublishedEvent> PublishAsync(IncomingEvent e, TimeSpan retention, CancellationToken ct);

    /// <summary>
    /// Wakes the oldest wait of run <paramref name="runId"/> for an event named <paramref name="name"/> with
    /// <paramref name="signal"/> (its <c>correlation</c> is set to the wait's); false when the run waits for no such
    /// event, and nothing is changed then.
    /// </summary>
    Task<bool> SendToRunAsync(string runId, string name, JsonObject signal, DateTimeOffset now, CancellationToken ct);
}

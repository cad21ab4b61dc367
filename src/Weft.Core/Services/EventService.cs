using System.Text.Json.Nodes;
using Weft.Core.Events;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Workers;

namespace Weft.Core.Services;

/// <summary>Sends events to waiting runs: to whichever run waits for a name and correlation, or to one run.</summary>
public sealed class EventService(IWeftStore store, DefinitionService definitions, RunService runs, IWorkSignal due, EventOptions options, TimeProvider time)
{
    /// <summary>Wakes the run that has waited longest for this name and correlation, or keeps the event for one that waits later.</summary>
    public async Task<PublishedEvent> PublishAsync(string ns, string name, string correlation, JsonNode? payload, CancellationToken ct)
    {
        ValueLimits.Check(payload, "the event's payload");
        await definitions.RequireNamespaceAsync(ns, ct);
        var now = Now();
        var e = new IncomingEvent(Guid.CreateVersion7(now).ToString(), ns, name, correlation, payload, now);
        var published = await store.Events.PublishAsync(e, options.Retention, ct);
        if (published.MatchedRun is not null) due.Notify();
        return published;
    }

    /// <summary>Wakes run <paramref name="runId"/>'s event step that waits for <paramref name="name"/>; 409 when it waits for none.</summary>
    public async Task<IncomingEvent> SendToRunAsync(string ns, string runId, string name, JsonNode? payload, CancellationToken ct)
    {
        ValueLimits.Check(payload, "the event's payload");
        var run = await runs.GetAsync(ns, runId, ct);
        if (run.Status.IsFinal()) throw new ConflictException($"Run '{runId}' has ended ({run.Status.ToName()}); it takes no events.");
        var now = Now();
        var e = new IncomingEvent(Guid.CreateVersion7(now).ToString(), ns, name, "", payload, now);
        var signal = e.Signal();
        if (!await store.Events.SendToRunAsync(runId, name, signal, now, ct))
            throw new ConflictException($"Run '{runId}' does not wait for an event named '{name}'.");
        due.Notify();
        return e with { Correlation = signal["correlation"]?.GetValue<string>() ?? "" };
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}

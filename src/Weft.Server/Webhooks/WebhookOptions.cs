namespace Weft.Server.Webhooks;

/// <summary>Settings under <c>Weft:Webhooks</c>: how deliveries are sent and retried.</summary>
public sealed class WebhookOptions
{
    /// <summary>Turns the sender off on this node (deliveries are still written, and other nodes send them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The wait after the first failed attempt; each further failure doubles it (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after its event (or its manual redelivery) a delivery is retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one POST may take, answer included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node holds a claimed delivery before another may take it; above <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle sender looks for due deliveries (retries, lapsed leases, other nodes' events).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries in flight at once on this node.</summary>
    public int MaxInFlight { get; set; } = 32;

    public void Validate()
    {
        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
            throw new InvalidOperationException("Weft:Webhooks:InitialBackoff must be above zero and MaxBackoff at least InitialBackoff.");
        if (GiveUpAfter <= TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("Weft:Webhooks:GiveUpAfter, AttemptTimeout and PollInterval must be above zero.");
        if (Lease <= AttemptTimeout) throw new InvalidOperationException("Weft:Webhooks:Lease must be longer than AttemptTimeout.");
        if (MaxInFlight < 1) throw new InvalidOperationException("Weft:Webhooks:MaxInFlight must be at least 1.");
    }
}

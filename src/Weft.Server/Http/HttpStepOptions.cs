namespace Weft.Server.Http;

/// <summary>Settings under <c>Weft:Http</c>: where http steps may go and how much they may read.</summary>
public sealed class HttpStepOptions
{
    /// <summary>Allow loopback, private, link-local and other internal addresses. Off by default: a definition must not reach into the network Weft runs in.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names that are allowed whatever their address (for a known internal service).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The largest response body kept as a step's output.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}

using System.Net;
using System.Net.Sockets;
using Weft.Server.Http;

namespace Weft.Server.Webhooks;

/// <summary>
/// Checks a subscription's URL when it is saved: absolute http(s), and a host the outbound guard (the one <c>http</c>
/// steps pass, <c>Weft:Http</c>) permits. Sending checks the resolved address again at connect time.
/// </summary>
internal static class WebhookTarget
{
    /// <summary>Null when the URL may be used, else why not.</summary>
    public static async Task<string?> RefusalAsync(string url, HttpStepOptions options, CancellationToken ct)
    {
        if (url.Length > 2048) return "'url' must be at most 2048 characters long.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "'url' must be an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "'url' must not carry a user name or password.";
        var host = OutboundGuard.Normalise(uri.IdnHost);
        if (options.AllowPrivateNetworks || options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase)) return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) addresses = [literal];
        else if (OutboundGuard.IsLoopbackName(host)) addresses = [IPAddress.Loopback];
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // A name that does not resolve yet is not refused: the guard checks it again on every attempt.
                return null;
            }
        }
        return addresses.Length > 0 && addresses.All(OutboundGuard.IsInternal)
            ? $"'url' is refused by the outbound guard: {host} is a loopback, private or otherwise internal address (set Weft:Http:AllowPrivateNetworks or Weft:Http:AllowedHosts to permit it)."
            : null;
    }
}

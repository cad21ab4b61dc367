using System.Net;
using System.Net.Sockets;

namespace Weft.Server.Http;

/// <summary>Decides whether an outbound connection may go to an address. Checked on the resolved address at connect time, so DNS cannot smuggle a private target past it.</summary>
internal static class OutboundGuard
{
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] is 18 or 19,
            >= 224 => true,
            _ => false,
        };
    }

    /// <summary>A host name as the guard compares it: lower case, without the trailing dot of a fully qualified name (<c>localhost.</c>).</summary>
    public static string Normalise(string host) => host.TrimEnd('.').ToLowerInvariant();

    /// <summary>True for the names that mean this machine whatever DNS answers (RFC 6761: <c>localhost</c> and every name under it).</summary>
    public static bool IsLoopbackName(string host)
    {
        var name = Normalise(host);
        return name is "localhost" or "localhost.localdomain" or "ip6-localhost" or "ip6-loopback" || name.EndsWith(".localhost", StringComparison.Ordinal);
    }

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, HttpStepOptions options, CancellationToken ct)
    {
        var host = Normalise(context.DnsEndPoint.Host);
        var allowedHost = options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal]
            : IsLoopbackName(host) ? [IPAddress.Loopback]
            : await Dns.GetHostAddressesAsync(host, ct);
        var permitted = addresses.Where(a => allowedHost || options.AllowPrivateNetworks || !IsInternal(a)).ToArray();
        if (permitted.Length == 0)
            throw new OutboundRefusedException($"Outbound HTTP to {host} is not allowed: it resolves to an internal address (set Weft:Http:AllowPrivateNetworks or Weft:Http:AllowedHosts to permit it).");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

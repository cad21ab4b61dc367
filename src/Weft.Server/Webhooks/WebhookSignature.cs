using System.Security.Cryptography;
using System.Text;

namespace Weft.Server.Webhooks;

/// <summary>The <c>Weft-Signature</c> header: <c>v1=</c> and the hex HMAC-SHA256, keyed by the secret, of <c>"{timestamp}.{body}"</c>.</summary>
internal static class WebhookSignature
{
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }
}

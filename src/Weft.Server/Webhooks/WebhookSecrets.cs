using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Weft.Server.Webhooks;

/// <summary>Makes, protects (encrypts with ASP.NET Core Data Protection) and reads back subscriptions' signing secrets.</summary>
internal sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Weft.Webhooks.Secret.v1");

    public static string Generate() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

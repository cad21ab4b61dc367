using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Weft.Core.Storage;

namespace Weft.Server.Auth;

/// <summary>
/// The token-signing keys, kept in the store so they survive restarts and are shared by every node. The newest
/// active key signs; every key not yet past its retirement is published and accepted, so tokens signed before a
/// rotation stay valid until they expire. Reloaded from the store every minute and when a token names an unknown kid.
/// </summary>
internal sealed class SigningKeyRing(IWeftStore store, TimeProvider time, IOptions<AuthOptions> options)
{
    public const string Algorithm = SecurityAlgorithms.RsaSha256;

    private static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnknownKidReloadGap = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<(StoredSigningKey Stored, RsaSecurityKey Key)> Keys, DateTimeOffset LoadedAt);

    /// <summary>Loads the keys, creating the first one when the store has none.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var keys = await store.Identity.ListSigningKeysAsync(ct);
        if (!keys.Any(k => k.RetiredAt is null)) await store.Identity.AddSigningKeyAsync(NewKey(), ct);
        await ReloadAsync(ct);
    }

    public async Task<SigningCredentials> SigningCredentialsAsync(CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        var signer = snapshot.Keys.FirstOrDefault(k => k.Stored.RetiredAt is null);
        if (signer.Key is null)
        {
            await InitializeAsync(ct);
            return await SigningCredentialsAsync(ct);
        }
        return new SigningCredentials(signer.Key, Algorithm);
    }

    /// <summary>The published keys (JWKS, validation); reloads first when <paramref name="kid"/> is not among them.</summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> PublishedKeysAsync(string? kid, CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        if (kid is not null && !snapshot.Keys.Any(k => k.Key.KeyId == kid) && time.GetUtcNow() - snapshot.LoadedAt > UnknownKidReloadGap)
            snapshot = await ReloadAsync(ct);
        var now = time.GetUtcNow();
        return [.. snapshot.Keys.Where(k => k.Stored.RetiredAt is null || k.Stored.RetiredAt > now).Select(k => k.Key)];
    }

    /// <summary>
    /// Whether <paramref name="kid"/> is still among the published keys (the same snapshot and reload rule as
    /// <see cref="PublishedKeysAsync"/>, without building the list): a token validated earlier stays valid only so long.
    /// </summary>
    public async ValueTask<bool> IsPublishedAsync(string kid, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt >= ReloadEvery) snapshot = await CurrentAsync(ct);
        var now = time.GetUtcNow();
        foreach (var (stored, key) in snapshot.Keys)
            if (key.KeyId == kid && (stored.RetiredAt is null || stored.RetiredAt > now)) return true;
        return false;
    }

    /// <summary>Adds a new signing key; the previous ones stay published until the tokens they signed have expired.</summary>
    public async Task<StoredSigningKey> RotateAsync(CancellationToken ct)
    {
        var key = NewKey();
        await store.Identity.AddSigningKeyAsync(key, ct);
        await store.Identity.RetireSigningKeysAsync(key.Kid, time.GetUtcNow() + options.Value.AccessTokenLifetime + TimeSpan.FromMinutes(1), ct);
        await ReloadAsync(ct);
        return key;
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        return snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < ReloadEvery ? snapshot : await ReloadAsync(ct);
    }

    private async Task<Snapshot> ReloadAsync(CancellationToken ct)
    {
        await _reload.WaitAsync(ct);
        try
        {
            var stored = await store.Identity.ListSigningKeysAsync(ct);
            var keys = stored.Select(s =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(s.PrivateKeyPem);
                return (s, new RsaSecurityKey(rsa) { KeyId = s.Kid });
            }).ToList();
            var snapshot = new Snapshot(keys, time.GetUtcNow());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    private StoredSigningKey NewKey()
    {
        using var rsa = RSA.Create(2048);
        return new StoredSigningKey(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)), "RS256", rsa.ExportPkcs8PrivateKeyPem(), time.GetUtcNow(), null);
    }

    /// <summary>The RFC 7517 public form of a key.</summary>
    public static Dictionary<string, string> ToJwk(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
    }
}

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Weft.Core.Storage;

namespace Weft.Server.Auth;

/// <summary>
/// Issues and checks credentials: JWT access tokens (RS256, <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>kid</c>) and
/// opaque API tokens (<c>weft_...</c>, looked up by their hash).
/// </summary>
internal sealed class TokenService(SigningKeyRing keys, IWeftStore store, IOptions<AuthOptions> options, IssuerName issuer, TimeProvider time)
{
    public const string ApiTokenPrefix = "weft_";
    public const string WorkflowApiClient = "workflowapi";

    /// <summary>Reference 001's audience and scope of the <c>workflowapi</c> client's access tokens (<c>aud</c> and <c>scope</c> <c>WorkflowApi</c>).</summary>
    public const string WorkflowApiAudience = "WorkflowApi";

    /// <summary>Reference 001's access token lifetime: one hour, as the page's token shows.</summary>
    public static readonly TimeSpan WorkflowApiTokenLifetime = TimeSpan.FromHours(1);
    private const string PrincipalClaim = "principal";
    private const string RolesClaim = "roles";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ValidatedTokenCache _validated = new(time);

    public AuthOptions Options => options.Value;

    /// <summary>A signed access token for <paramref name="principal"/>; returns it with its lifetime in seconds.</summary>
    public async Task<(string Token, int ExpiresIn)> IssueAccessTokenAsync(WeftPrincipal principal, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var workflowApi = IsWorkflowApiClient(principal.ClientId);
        var lifetime = workflowApi ? WorkflowApiTokenLifetime : options.Value.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = principal.IsUser ? principal.CallerId : principal.ClientId ?? principal.CallerId,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [PrincipalClaim] = principal.Principal,
            [RolesClaim] = principal.RoleClaims.ToArray(),
        };
        if (principal.ClientId is not null) claims["client_id"] = principal.ClientId;
        if (workflowApi) claims["scope"] = new[] { WorkflowApiAudience };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer.Value,
            // The built-in workflowapi client's tokens are the page's: typ at+jwt, aud and scope WorkflowApi, one hour.
            Audience = workflowApi ? WorkflowApiAudience : options.Value.Audience,
            TokenType = workflowApi ? "at+jwt" : null,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = await keys.SigningCredentialsAsync(ct),
        };
        return (_handler.CreateToken(descriptor), (int)lifetime.TotalSeconds);
    }

    /// <summary>True for the built-in <c>workflowapi</c> client, which exists while the API access token is set.</summary>
    public bool IsWorkflowApiClient(string? clientId) => clientId == WorkflowApiClient && options.Value.ApiAccessToken is { Length: > 0 };

    /// <summary>
    /// The built-in <c>workflowapi</c> client when <paramref name="credential"/> is the API access token itself (reference
    /// 001's <c>token</c> field; only the Workflow API's door asks), else null.
    /// </summary>
    public async Task<WeftPrincipal?> ApiAccessTokenAsync(string credential, CancellationToken ct) =>
        options.Value.ApiAccessToken is { Length: > 0 } apiToken && Secrets.Matches(credential, Secrets.Hash(apiToken))
            ? new WeftPrincipal(WeftPrincipal.ClientPrefix + WorkflowApiClient, WorkflowApiClient, await RolesOfAsync(WeftPrincipal.ClientPrefix + WorkflowApiClient, ct))
            : null;

    /// <summary>The principal a bearer credential stands for, or null when it is not valid (bad, expired, revoked, foreign).</summary>
    public async Task<WeftPrincipal?> AuthenticateAsync(string credential, CancellationToken ct) => (await CheckAsync(credential, ct)).Principal;

    /// <summary>The principal a bearer credential stands for, or why it stands for none (what the 401 tells the caller).</summary>
    public async Task<TokenCheck> CheckAsync(string credential, CancellationToken ct) =>
        credential.StartsWith(ApiTokenPrefix, StringComparison.Ordinal) ? await ApiTokenAsync(credential, ct) : await JwtAsync(credential, ct);

    private async Task<TokenCheck> JwtAsync(string token, CancellationToken ct)
    {
        // A token validated before is taken as it was, until its exp, while its signing key is still published.
        if (_validated.TryGet(token, out var cached, out var cachedKid) && await keys.IsPublishedAsync(cachedKid, ct)) return TokenCheck.Valid(cached);
        if (!_handler.CanReadToken(token)) return TokenCheck.Invalid;
        string? kid;
        try
        {
            kid = _handler.ReadJsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return TokenCheck.Invalid;
        }
        // The lifetime is checked below, after the signature, issuer and audience: only a token this server signed is
        // ever called expired, anything else is just not valid.
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Value,
            ValidAudiences = [options.Value.Audience, WorkflowApiAudience],
            IssuerSigningKeys = await keys.PublishedKeysAsync(kid, ct),
            ValidAlgorithms = [SigningKeyRing.Algorithm],
            ValidateLifetime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return TokenCheck.Invalid;
        var now = time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp)) return TokenCheck.Invalid;
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires + ClockSkew <= now) return TokenCheck.Expired("access token", expires);
        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) - ClockSkew > now)
            return TokenCheck.Invalid;
        var identity = result.ClaimsIdentity;
        var principal = identity.FindFirst(PrincipalClaim)?.Value;
        if (principal is null) return TokenCheck.Invalid;
        // The WorkflowApi audience is only ever the built-in workflowapi client's, and only while the API access token is set.
        if (jwt.Audiences.Contains(WorkflowApiAudience) && !IsWorkflowApiClient(identity.FindFirst("client_id")?.Value)) return TokenCheck.Invalid;
        var roles = identity.FindAll(RolesClaim).Select(c => HeldRole.Parse(c.Value)).OfType<HeldRole>().ToList();
        var validated = new WeftPrincipal(principal, identity.FindFirst("client_id")?.Value, roles);
        // A token is accepted while exp + skew is ahead; the cache keeps it exactly that long, no longer.
        if (jwt.SigningKey?.KeyId is { } signedBy) _validated.Add(token, validated, signedBy, expires + ClockSkew);
        return TokenCheck.Valid(validated);
    }

    private async Task<TokenCheck> ApiTokenAsync(string token, CancellationToken ct)
    {
        var stored = await store.Identity.FindApiTokenAsync(Secrets.Hash(token), ct);
        if (stored is null) return TokenCheck.Invalid;
        if (stored.RevokedAt is not null) return TokenCheck.Refused("The API token was revoked.");
        if (stored.ExpiresAt <= time.GetUtcNow()) return TokenCheck.Expired("API token", stored.ExpiresAt);
        return TokenCheck.Valid(new WeftPrincipal(stored.Principal, stored.Principal.StartsWith(WeftPrincipal.ClientPrefix, StringComparison.Ordinal) ? stored.Principal[WeftPrincipal.ClientPrefix.Length..] : null,
            await RolesOfAsync(stored.Principal, ct)));
    }

    /// <summary>The roles a principal holds now, from its grants (the built-in <c>workflowapi</c> client is admin everywhere).</summary>
    public async Task<IReadOnlyList<HeldRole>> RolesOfAsync(string principal, CancellationToken ct)
    {
        if (principal == WeftPrincipal.ClientPrefix + WorkflowApiClient && options.Value.ApiAccessToken is { Length: > 0 })
            return [new HeldRole("*", NamespaceRole.Admin)];
        var grants = await store.Identity.ListGrantsAsync(principal, ct);
        return [.. grants.Select(g => HeldRole.TryParseRole(g.Role, out var role) ? new HeldRole(g.Namespace, role) : null).OfType<HeldRole>()];
    }
}

/// <summary>The issuer (<c>iss</c>) of Weft's tokens: <c>Weft:Auth:Issuer</c>, or the server's first bound URL.</summary>
internal sealed record IssuerName(string Value);

using System.Text.Json.Nodes;

namespace Weft.Core.Storage;

/// <summary>
/// Identity and access: signing keys, service clients, users, role grants per namespace, API tokens, refresh tokens
/// and authorization codes. Every secret arrives here already hashed; the store never sees one in clear.
/// </summary>
public interface IIdentityStore
{
    Task<IReadOnlyList<StoredSigningKey>> ListSigningKeysAsync(CancellationToken ct);

    Task AddSigningKeyAsync(StoredSigningKey key, CancellationToken ct);

    /// <summary>Marks every active key but <paramref name="keep"/> retired at <paramref name="at"/>.</summary>
    Task RetireSigningKeysAsync(string keep, DateTimeOffset at, CancellationToken ct);

    Task<StoredClient?> GetClientAsync(string clientId, CancellationToken ct);

    /// <summary>Inserts the client; false when the id is taken.</summary>
    Task<bool> CreateClientAsync(StoredClient client, CancellationToken ct);

    /// <summary>Replaces the secret hash, name, impersonation flag and redirect URIs of an existing client.</summary>
    Task<bool> UpdateClientAsync(StoredClient client, CancellationToken ct);

    Task<IReadOnlyList<StoredClient>> ListClientsAsync(CancellationToken ct);

    /// <summary>Deletes the client with its grants, refresh tokens and API tokens.</summary>
    Task<bool> DeleteClientAsync(string clientId, CancellationToken ct);

    Task<StoredUser?> GetUserAsync(string id, CancellationToken ct);

    /// <summary>Inserts the user; false when the id is taken.</summary>
    Task<bool> CreateUserAsync(StoredUser user, CancellationToken ct);

    Task<bool> UpdateUserAsync(StoredUser user, CancellationToken ct);

    /// <summary>Users whose id, name or email contains <paramref name="query"/> (case-insensitive), by id; all when null.</summary>
    Task<IReadOnlyList<StoredUser>> SearchUsersAsync(string? query, int limit, CancellationToken ct);

    Task<IReadOnlyList<RoleGrant>> ListGrantsAsync(string principal, CancellationToken ct);

    /// <summary>Grants the role; false when it was already held.</summary>
    Task<bool> GrantAsync(RoleGrant grant, CancellationToken ct);

    Task<bool> RevokeGrantAsync(RoleGrant grant, CancellationToken ct);

    /// <summary>Whether anyone holds <c>admin</c> on <c>*</c> (bootstrap runs when nobody does).</summary>
    Task<bool> AnyServerAdminAsync(CancellationToken ct);

    Task CreateApiTokenAsync(StoredApiToken token, CancellationToken ct);

    Task<StoredApiToken?> FindApiTokenAsync(string tokenHash, CancellationToken ct);

    Task<IReadOnlyList<StoredApiToken>> ListApiTokensAsync(string principal, CancellationToken ct);

    /// <summary>Revokes the principal's token <paramref name="id"/> if it is not revoked yet; false otherwise.</summary>
    Task<bool> RevokeApiTokenAsync(string id, string principal, DateTimeOffset at, CancellationToken ct);

    Task CreateRefreshTokenAsync(StoredRefreshToken token, CancellationToken ct);

    /// <summary>
    /// Uses a refresh token once: marks it replaced by <paramref name="replacementHash"/> if it is still live at
    /// <paramref name="now"/> and returns it; null when it is unknown, expired, revoked or already used.
    /// </summary>
    Task<StoredRefreshToken?> RedeemRefreshTokenAsync(string tokenHash, string replacementHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>Revokes every live refresh token of the principal (a reused token, a sign-out, a deleted user).</summary>
    Task RevokeRefreshTokensAsync(string principal, DateTimeOffset at, CancellationToken ct);

    Task CreateAuthCodeAsync(StoredAuthCode code, CancellationToken ct);

    /// <summary>Uses a code once: returns it and marks it used if it is unused and unexpired at <paramref name="now"/>.</summary>
    Task<StoredAuthCode?> RedeemAuthCodeAsync(string codeHash, DateTimeOffset now, CancellationToken ct);
}

/// <summary>A token-signing key: the private key as PKCS#8 PEM. The newest active key signs; every unretired key is published.</summary>
public sealed record StoredSigningKey(string Kid, string Algorithm, string PrivateKeyPem, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

/// <summary>A service client (OAuth 2.0 confidential client).</summary>
public sealed record StoredClient(string ClientId, string SecretHash, string Name, bool AllowImpersonation, IReadOnlyList<string> RedirectUris, DateTimeOffset CreatedAt);

/// <summary>A user of the local store. <see cref="Roles"/> are the task roles (human steps assigned to a role); namespace roles are <see cref="RoleGrant"/>s.</summary>
public sealed record StoredUser(string Id, string? Name, string? Email, string? PasswordHash, IReadOnlyList<string> Roles, JsonObject Attributes, DateTimeOffset CreatedAt);

/// <summary>A role held by <c>user:&lt;id&gt;</c> or <c>client:&lt;id&gt;</c> in a namespace, or in every namespace (<c>*</c>).</summary>
public sealed record RoleGrant(string Principal, string Namespace, string Role);

public sealed record StoredApiToken(string Id, string TokenHash, string Principal, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

public sealed record StoredRefreshToken(string TokenHash, string Principal, string ClientId, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? ReplacedBy);

public sealed record StoredAuthCode(string CodeHash, string ClientId, string UserId, string RedirectUri, string CodeChallenge, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

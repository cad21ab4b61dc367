using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Contracts.Identity;

/// <summary>The body of <c>POST /api/v1/admin/users</c>.</summary>
/// <param name="Id">The user's id: 1 to 128 letters, digits, '.', '_', '@' or '-'.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Password">A password of at least 8 characters, for the sign-in page.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Free attributes, for task filters.</param>
public sealed record CreateUserRequest(string Id, string? Name = null, string? Email = null, string? Password = null, IReadOnlyList<string>? Roles = null, JsonObject? Attributes = null);

/// <summary>The body of <c>PATCH /api/v1/admin/users/{id}</c>: fields left out stay as they are (null clears name or email).</summary>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Password">A new password; their refresh tokens are revoked.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Free attributes.</param>
public sealed record UpdateUserRequest(string? Name = null, string? Email = null, string? Password = null, IReadOnlyList<string>? Roles = null, JsonObject? Attributes = null);

/// <summary>A user.</summary>
/// <param name="Id">Their id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="HasPassword">Whether they can sign in with a password.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Their attributes.</param>
/// <param name="NamespaceRoles">Their grants as <c>namespace:role</c>.</param>
public sealed record UserResponse(string Id, string? Name, string? Email, bool HasPassword, IReadOnlyList<string> Roles, JsonObject Attributes, IReadOnlyList<string> NamespaceRoles);

/// <summary>The body of <c>POST /api/v1/admin/clients</c>.</summary>
/// <param name="ClientId">The client's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs, for the authorization code flow.</param>
public sealed record CreateClientRequest(string ClientId, string? Name = null, bool? AllowImpersonation = null, IReadOnlyList<string>? RedirectUris = null);

/// <summary>The body of <c>PATCH /api/v1/admin/clients/{id}</c>: fields left out stay as they are.</summary>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
public sealed record UpdateClientRequest(string? Name = null, bool? AllowImpersonation = null, IReadOnlyList<string>? RedirectUris = null);

/// <summary>A service client (never its secret).</summary>
/// <param name="ClientId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
/// <param name="NamespaceRoles">Its grants as <c>namespace:role</c>.</param>
public sealed record ClientResponse(string ClientId, string Name, bool AllowImpersonation, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> NamespaceRoles);

/// <summary>A client with its secret, shown only in this answer.</summary>
/// <param name="ClientId">Its id.</param>
/// <param name="ClientSecret">Its secret.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
public sealed record CreatedClientResponse(string ClientId, string ClientSecret, string Name, bool AllowImpersonation, IReadOnlyList<string> RedirectUris);

/// <summary>A token-signing key's public facts.</summary>
/// <param name="Kid">Its key id.</param>
/// <param name="Algorithm">Its algorithm.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RetiredAt">When it stopped signing.</param>
public sealed record SigningKeyResponse(string Kid, string Algorithm, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

/// <summary>A role granted to a user or client in a namespace.</summary>
/// <param name="Principal"><c>user:id</c> or <c>client:id</c>.</param>
/// <param name="Namespace">The namespace, or <c>*</c>.</param>
/// <param name="Role">admin, operator, author, viewer or worker.</param>
public sealed record RoleGrantResponse(string Principal, string Namespace, string Role);

/// <summary>The body of <c>POST /api/v1/tokens</c> and <c>POST /api/v1/admin/users/{id}/tokens</c>.</summary>
/// <param name="Name">A name for the token (default "api token").</param>
/// <param name="LifeTimeInSec">Its lifetime in whole seconds, 1 to 31536000 (a number, or a string holding one).</param>
public sealed record ApiTokenRequest(
    string? Name = null,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? LifeTimeInSec = null);

/// <summary>A new API token: <see cref="Token"/> is shown only here.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Token">The bearer token.</param>
/// <param name="Principal">Whose it is.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="LifeTimeInSec">Its lifetime in seconds.</param>
public sealed record IssuedApiToken(string Id, string Name, string Token, string Principal, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, long LifeTimeInSec);

/// <summary>An API token (never the token itself).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Principal">Whose it is.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record ApiTokenResponse(string Id, string Name, string Principal, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

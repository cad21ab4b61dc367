namespace Weft.Contracts.Identity;

/// <summary>The body of <c>PATCH /api/v1/admin/clients/{id}</c>: fields left out stay as they are.</summary>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
public sealed record UpdateClientRequest(string? Name = null, bool? AllowImpersonation = null, IReadOnlyList<string>? RedirectUris = null);

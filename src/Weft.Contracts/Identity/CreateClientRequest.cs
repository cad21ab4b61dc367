namespace Weft.Contracts.Identity;

/// <summary>The body of <c>POST /api/v1/admin/clients</c>.</summary>
/// <param name="ClientId">The client's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs, for the authorization code flow.</param>
public sealed record CreateClientRequest(string ClientId, string? Name = null, bool? AllowImpersonation = null, IReadOnlyList<string>? RedirectUris = null);

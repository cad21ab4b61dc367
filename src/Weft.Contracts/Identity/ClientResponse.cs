namespace Weft.Contracts.Identity;

/// <summary>A service client (never its secret).</summary>
/// <param name="ClientId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
/// <param name="NamespaceRoles">Its grants as <c>namespace:role</c>.</param>
public sealed record ClientResponse(string ClientId, string Name, bool AllowImpersonation, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> NamespaceRoles);

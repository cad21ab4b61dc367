namespace Weft.Contracts.Identity;

/// <summary>A client with its secret, shown only in this answer.</summary>
/// <param name="ClientId">Its id.</param>
/// <param name="ClientSecret">Its secret.</param>
/// <param name="Name">Its name.</param>
/// <param name="AllowImpersonation">Whether it may act on behalf of users.</param>
/// <param name="RedirectUris">Its redirect URIs.</param>
public sealed record CreatedClientResponse(string ClientId, string ClientSecret, string Name, bool AllowImpersonation, IReadOnlyList<string> RedirectUris);

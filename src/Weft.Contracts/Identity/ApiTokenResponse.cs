namespace Weft.Contracts.Identity;

/// <summary>An API token (never the token itself).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Principal">Whose it is.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record ApiTokenResponse(string Id, string Name, string Principal, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

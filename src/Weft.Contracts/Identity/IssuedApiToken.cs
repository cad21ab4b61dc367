namespace Weft.Contracts.Identity;

/// <summary>A new API token: <see cref="Token"/> is shown only here.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Token">The bearer token.</param>
/// <param name="Principal">Whose it is.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="LifeTimeInSec">Its lifetime in seconds.</param>
public sealed record IssuedApiToken(string Id, string Name, string Token, string Principal, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, long LifeTimeInSec);

namespace Weft.Contracts.Identity;

/// <summary>A token-signing key's public facts.</summary>
/// <param name="Kid">Its key id.</param>
/// <param name="Algorithm">Its algorithm.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RetiredAt">When it stopped signing.</param>
public sealed record SigningKeyResponse(string Kid, string Algorithm, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

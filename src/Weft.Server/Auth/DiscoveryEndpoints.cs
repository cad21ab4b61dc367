namespace Weft.Server.Auth;

/// <summary>OpenID Connect discovery and the RFC 7517 key set.</summary>
internal static class DiscoveryEndpoints
{
    private static readonly Dictionary<string, string[]> Supported = new()
    {
        ["grant_types_supported"] = ["client_credentials", "authorization_code", "refresh_token"],
        ["response_types_supported"] = ["code"],
        ["subject_types_supported"] = ["public"],
        ["id_token_signing_alg_values_supported"] = ["RS256"],
        ["token_endpoint_auth_methods_supported"] = ["client_secret_basic", "client_secret_post"],
        ["code_challenge_methods_supported"] = ["S256"],
        ["scopes_supported"] = ["openid", "weft", TokenService.WorkflowApiAudience],
        ["claims_supported"] = ["sub", "iss", "aud", "exp", "iat", "jti", "client_id", "roles"],
    };

    public static IResult Configuration(IssuerName issuer)
    {
        var baseUrl = issuer.Value.TrimEnd('/');
        var document = new Dictionary<string, object>
        {
            ["issuer"] = issuer.Value,
            ["jwks_uri"] = baseUrl + "/.well-known/jwks.json",
            ["token_endpoint"] = baseUrl + "/connect/token",
            ["authorization_endpoint"] = baseUrl + "/connect/authorize",
        };
        foreach (var (key, values) in Supported) document[key] = values;
        return Results.Json(document);
    }

    public static async Task<IResult> KeysAsync(SigningKeyRing keys, CancellationToken ct) =>
        Results.Json(new { keys = (await keys.PublishedKeysAsync(null, ct)).Select(SigningKeyRing.ToJwk).ToList() });
}

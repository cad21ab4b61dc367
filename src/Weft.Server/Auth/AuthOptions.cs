namespace Weft.Server.Auth;

/// <summary>The <c>Weft:Auth</c> settings.</summary>
public sealed class AuthOptions
{
    /// <summary><c>closed</c> (the default): every route but the open ones needs a token. <c>open-loopback</c>: every caller is a server admin, allowed only when every bound address is loopback.</summary>
    public string Mode { get; set; } = "closed";

    /// <summary>The <c>iss</c> of the tokens; by default the server's own base URL (the first bound URL).</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> of the access tokens.</summary>
    public string Audience { get; set; } = "weft";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Reference 001's "API access token": the built-in client <c>workflowapi</c> takes it as its secret and is admin on every namespace.</summary>
    public string? ApiAccessToken { get; set; }

    public string? BootstrapClientId { get; set; }

    public string? BootstrapClientSecret { get; set; }

    /// <summary>Token endpoint and sign-in attempts per client address per minute.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;

    public bool OpenLoopback => string.Equals(Mode, "open-loopback", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!OpenLoopback && !string.Equals(Mode, "closed", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Weft:Auth:Mode must be 'closed' or 'open-loopback', not '{Mode}'.");
        if (AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > TimeSpan.FromDays(1))
            throw new InvalidOperationException("Weft:Auth:AccessTokenLifetime must be between 1 second and 1 day.");
        if (ApiAccessToken is { Length: > 0 and < 16 })
            throw new InvalidOperationException("Weft:Auth:ApiAccessToken must be at least 16 characters.");
        if (BootstrapClientSecret is { Length: > 0 and < 16 })
            throw new InvalidOperationException("Weft:Auth:BootstrapClientSecret must be at least 16 characters.");
        if (TokenRequestsPerMinute < 1) throw new InvalidOperationException("Weft:Auth:TokenRequestsPerMinute must be at least 1.");
    }
}

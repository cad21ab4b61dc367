using System.Net.Http.Headers;
using System.Text;
using Weft.Core.Storage;

namespace Weft.Server.Auth;

/// <summary>
/// <c>POST /connect/token</c> (RFC 6749): <c>client_credentials</c>, <c>authorization_code</c> (PKCE) and
/// <c>refresh_token</c>; clients authenticate with <c>client_secret_basic</c> or <c>client_secret_post</c>.
/// Errors are RFC 6749 JSON bodies. The password grant is not offered.
/// </summary>
internal static partial class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, TokenService tokens, IWeftStore store, CodeFlow codes, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger("Weft.Auth.Token");
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        if (!http.Request.HasFormContentType) return Error(log, http, 400, "invalid_request", "The token request must be application/x-www-form-urlencoded.", null);
        var form = await http.Request.ReadFormAsync(ct);
        var grant = form["grant_type"].ToString();
        var (clientId, secret, basic) = ClientCredentials(http, form);
        if (grant.Length == 0) return Error(log, http, 400, "invalid_request", "grant_type is required.", clientId);
        if (grant is not ("client_credentials" or "authorization_code" or "refresh_token"))
            return Error(log, http, 400, "unsupported_grant_type", $"grant_type '{grant}' is not supported (use client_credentials, authorization_code or refresh_token).", clientId);
        if (clientId is null) return Error(log, http, 401, "invalid_client", "Client authentication is required (client_secret_basic or client_secret_post).", null, basic);
        var client = await AuthenticateClientAsync(tokens, store, clientId, secret, ct);
        if (client is null) return Error(log, http, 401, "invalid_client", "The client is unknown or its secret is wrong.", clientId, basic);
        return grant switch
        {
            "client_credentials" => await IssueAsync(tokens, new WeftPrincipal(WeftPrincipal.ClientPrefix + clientId, clientId, await tokens.RolesOfAsync(WeftPrincipal.ClientPrefix + clientId, ct)), null, ct),
            _ => await codes.RedeemAsync(http, log, grant, clientId, form, ct),
        };
    }

    /// <summary>The client's id if <paramref name="secret"/> is its secret (the built-in <c>workflowapi</c> takes the API access token).</summary>
    private static async Task<string?> AuthenticateClientAsync(TokenService tokens, IWeftStore store, string clientId, string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret)) return null;
        if (clientId == TokenService.WorkflowApiClient && tokens.Options.ApiAccessToken is { Length: > 0 } apiToken)
            return Secrets.Matches(secret, Secrets.Hash(apiToken)) ? clientId : null;
        var stored = await store.Identity.GetClientAsync(clientId, ct);
        return stored is not null && Secrets.Matches(secret, stored.SecretHash) ? clientId : null;
    }

    public static async Task<IResult> IssueAsync(TokenService tokens, WeftPrincipal principal, string? refreshToken, CancellationToken ct)
    {
        var (token, expiresIn) = await tokens.IssueAccessTokenAsync(principal, ct);
        var body = new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = expiresIn };
        if (tokens.IsWorkflowApiClient(principal.ClientId)) body["scope"] = TokenService.WorkflowApiAudience;
        if (refreshToken is not null) body["refresh_token"] = refreshToken;
        return Results.Json(body);
    }

    private static (string? ClientId, string? Secret, bool Basic) ClientCredentials(HttpContext http, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0) return (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')), true);
            }
            catch (FormatException)
            {
            }
            return (null, null, true);
        }
        var id = form["client_id"].ToString();
        return (id.Length == 0 ? null : id, form["client_secret"].ToString(), false);
    }

    /// <summary>An RFC 6749 section 5.2 error, logged with the client id and address, never the secret.</summary>
    public static IResult Error(ILogger log, HttpContext http, int status, string error, string description, string? clientId, bool basic = false)
    {
        LogRefused(log, error, clientId ?? "(none)", http.Connection.RemoteIpAddress?.ToString() ?? "?");
        if (status == 401) http.Response.Headers.WWWAuthenticate = basic ? "Basic realm=\"weft\"" : "Bearer";
        return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Token request refused: {Error} for client {ClientId} from {Address}")]
    private static partial void LogRefused(ILogger log, string error, string clientId, string address);
}

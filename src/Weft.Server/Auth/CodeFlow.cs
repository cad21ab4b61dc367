using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Weft.Core.Storage;

namespace Weft.Server.Auth;

/// <summary>
/// Users sign in through the authorization code flow with PKCE (S256 only): <c>GET /connect/authorize</c> shows
/// Weft's sign-in page, its POST (antiforgery-checked) checks the password and redirects with a one-time code,
/// which the token endpoint exchanges for an access token and a refresh token. Refresh tokens rotate on every use.
/// </summary>
internal sealed class CodeFlow(IWeftStore store, TokenService tokens, TimeProvider time, IAntiforgery antiforgery)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);
    private static readonly PasswordHasher<string> Hasher = new();

    public static string HashPassword(string password) => Hasher.HashPassword("", password);

    public static bool VerifyPassword(string? hash, string password) =>
        hash is not null && Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;

    /// <summary>The sign-in page for a valid authorization request; a 400 page otherwise (never a redirect to an unregistered URI).</summary>
    public async Task<IResult> AuthorizeAsync(HttpContext http, CancellationToken ct)
    {
        var q = http.Request.Query;
        var problem = await CheckRequestAsync(q["client_id"], q["redirect_uri"], q["response_type"], q["code_challenge"], q["code_challenge_method"], ct);
        if (problem is not null) return Page(400, "<p>" + WebUtility.HtmlEncode(problem) + "</p>");
        return SignInPage(http, q["client_id"]!, q["redirect_uri"]!, q["code_challenge"]!, q["state"].ToString(), null);
    }

    public async Task<IResult> SignInAsync(HttpContext http, IFormCollection form, ILoggerFactory logs, CancellationToken ct)
    {
        string clientId = form["client_id"].ToString(), redirectUri = form["redirect_uri"].ToString(), challenge = form["code_challenge"].ToString(), state = form["state"].ToString();
        var problem = await CheckRequestAsync(clientId, redirectUri, "code", challenge, "S256", ct);
        if (problem is not null) return Page(400, "<p>" + WebUtility.HtmlEncode(problem) + "</p>");
        var userId = form["username"].ToString().Trim();
        var user = userId.Length == 0 ? null : await store.Identity.GetUserAsync(userId, ct);
        if (user is null || !VerifyPassword(user.PasswordHash, form["password"].ToString()))
        {
            logs.CreateLogger("Weft.Auth.SignIn").LogWarning("Sign-in refused for user {User} from {Address}", userId, http.Connection.RemoteIpAddress);
            return SignInPage(http, clientId, redirectUri, challenge, state, "The user name or password is wrong.");
        }
        var code = Secrets.New();
        await store.Identity.CreateAuthCodeAsync(new StoredAuthCode(Secrets.Hash(code), clientId, user.Id, redirectUri, challenge, time.GetUtcNow() + CodeLifetime, null), ct);
        var target = redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(code)
            + (state.Length > 0 ? "&state=" + Uri.EscapeDataString(state) : "");
        return Results.Redirect(target);
    }

    /// <summary>The token endpoint's <c>authorization_code</c> and <c>refresh_token</c> grants for an authenticated client.</summary>
    public async Task<IResult> RedeemAsync(HttpContext http, ILogger log, string grant, string clientId, IFormCollection form, CancellationToken ct)
    {
        string userId;
        if (grant == "authorization_code")
        {
            var code = await store.Identity.RedeemAuthCodeAsync(Secrets.Hash(form["code"].ToString()), time.GetUtcNow(), ct);
            if (code is null || code.ClientId != clientId) return TokenEndpoint.Error(log, http, 400, "invalid_grant", "The code is unknown, expired, already used or not this client's.", clientId);
            if (code.RedirectUri != form["redirect_uri"].ToString()) return TokenEndpoint.Error(log, http, 400, "invalid_grant", "redirect_uri does not match the authorization request.", clientId);
            if (!Secrets.FixedEquals(S256(form["code_verifier"].ToString()), code.CodeChallenge))
                return TokenEndpoint.Error(log, http, 400, "invalid_grant", "code_verifier does not match the code_challenge.", clientId);
            userId = code.UserId;
        }
        else
        {
            var next = Secrets.New();
            var used = await store.Identity.RedeemRefreshTokenAsync(Secrets.Hash(form["refresh_token"].ToString()), Secrets.Hash(next), time.GetUtcNow(), ct);
            if (used is null || used.ClientId != clientId) return TokenEndpoint.Error(log, http, 400, "invalid_grant", "The refresh token is unknown, expired, revoked, already used or not this client's.", clientId);
            userId = used.Principal[WeftPrincipal.UserPrefix.Length..];
            return await IssueForUserAsync(userId, clientId, next, ct);
        }
        return await IssueForUserAsync(userId, clientId, Secrets.New(), ct);
    }

    private async Task<IResult> IssueForUserAsync(string userId, string clientId, string refresh, CancellationToken ct)
    {
        var principal = WeftPrincipal.UserPrefix + userId;
        await store.Identity.CreateRefreshTokenAsync(new StoredRefreshToken(Secrets.Hash(refresh), principal, clientId, time.GetUtcNow() + tokens.Options.RefreshTokenLifetime, null, null), ct);
        return await TokenEndpoint.IssueAsync(tokens, new WeftPrincipal(principal, clientId, await tokens.RolesOfAsync(principal, ct)), refresh, ct);
    }

    private async Task<string?> CheckRequestAsync(string? clientId, string? redirectUri, string? responseType, string? challenge, string? method, CancellationToken ct)
    {
        var client = string.IsNullOrEmpty(clientId) ? null : await store.Identity.GetClientAsync(clientId, ct);
        if (client is null) return "Unknown client_id.";
        if (string.IsNullOrEmpty(redirectUri) || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal)) return "redirect_uri is not registered for this client.";
        if (responseType != "code") return "response_type must be 'code'.";
        if (string.IsNullOrEmpty(challenge) || challenge.Length < 43 || method != "S256") return "PKCE is required: code_challenge with code_challenge_method=S256.";
        return null;
    }

    public static string S256(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private IResult SignInPage(HttpContext http, string clientId, string redirectUri, string challenge, string state, string? error)
    {
        var af = antiforgery.GetAndStoreTokens(http);
        static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(value)}\">";
        var body = new StringBuilder()
            .Append("<h1>Sign in to Weft</h1>")
            .Append(error is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")
            .Append("<form method=\"post\" action=\"/connect/authorize\">")
            .Append(Hidden(af.FormFieldName, af.RequestToken))
            .Append(Hidden("client_id", clientId)).Append(Hidden("redirect_uri", redirectUri))
            .Append(Hidden("code_challenge", challenge)).Append(Hidden("state", state))
            .Append("<label>User <input name=\"username\" autocomplete=\"username\" required></label>")
            .Append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
            .Append("<button type=\"submit\">Sign in</button></form>");
        return Page(error is null ? 200 : 401, body.ToString());
    }

    private static IResult Page(int status, string body) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Weft sign-in</title></head><body>{body}</body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);
}

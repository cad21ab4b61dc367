using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Weft.Core.Storage;
using Weft.Core.Users;
using Weft.Server.FrontDoors;

namespace Weft.Server.Auth;

/// <summary>
/// Enforces the <see cref="AccessRule"/> every endpoint carries: authenticates the credential (JWT or API token) where
/// the route's <see cref="FrontDoor"/> reads it (a bearer header for the native API), then answers 401 (no or bad
/// credentials, with <c>WWW-Authenticate: Bearer</c>) or 403 (authenticated but without the role in the namespace the
/// door finds: the route's <c>{ns}</c> for the native API). Errors are written in the door's shape. An endpoint with no
/// rule is refused: deny by default.
/// </summary>
internal sealed partial class AccessMiddleware(RequestDelegate next, ILogger<AccessMiddleware> log)
{
    public const string OnBehalfOfHeader = "X-OnBehalfOf-Id";

    public async Task InvokeAsync(HttpContext http, TokenService tokens, IOptions<AuthOptions> options, IUserDirectory users, IWeftStore store)
    {
        // Not a RouteEndpoint: no route matched, or routing's own 405/415 rejection, which answers nothing but its status.
        if (http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            await next(http);
            return;
        }
        var rule = endpoint.Metadata.GetMetadata<AccessRule>();
        var door = FrontDoor.Of(http);
        if (rule is null)
        {
            await ProblemAsync(http, 403, "forbidden", "Forbidden", "This route declares no access rule, so nobody may call it.");
            return;
        }
        var (principal, refusal) = options.Value.OpenLoopback
            ? (new WeftPrincipal(WeftPrincipal.ClientPrefix + "loopback", "loopback", [new HeldRole("*", NamespaceRole.Admin)]), null)
            : await AuthenticateAsync(http, door, tokens);
        if (principal is not null && http.Request.Headers[OnBehalfOfHeader].ToString() is { Length: > 0 } onBehalfOf)
        {
            if (principal.IsUser || principal.ClientId is not { } clientId || !await MayImpersonateAsync(store, tokens, clientId, http.RequestAborted))
            {
                await ProblemAsync(http, 403, "forbidden", "Forbidden", $"{OnBehalfOfHeader} is honoured only for clients granted impersonation.");
                return;
            }
            if (await users.FindAsync(onBehalfOf, http.RequestAborted) is null)
            {
                await ProblemAsync(http, 403, "forbidden", "Forbidden", $"{OnBehalfOfHeader} names no known user.");
                return;
            }
            principal = principal with { OnBehalfOf = onBehalfOf };
        }
        if (principal is not null) await CallerContext.SetAsync(http, principal, users);
        if (rule is AccessRule.Anonymous)
        {
            await next(http);
            return;
        }
        if (principal is null)
        {
            // RFC 6750 section 3: the description is a quoted string of printable ASCII without '"' or '\'.
            http.Response.Headers.WWWAuthenticate = refusal is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{refusal}\"";
            await ProblemAsync(http, 401, "unauthenticated", "Unauthenticated", refusal ?? "This route needs a bearer token: see /.well-known/openid-configuration.");
            return;
        }
        var ns = rule is AccessRule.InNamespace ? await door.Namespace.FindAsync(http) : null;
        if (ns is not null) FrontDoor.SetNamespace(http, ns);
        // The namespace was to come from a body that cannot be read: say what is wrong with the body (in the door's shape).
        else if (rule is AccessRule.InNamespace && Api.RequestBody.KeptFailure(http) is { } unreadable) throw unreadable;
        else if (rule is AccessRule.InNamespace && door.NamespaceMissing is { } missing)
        {
            await door.Errors.WriteAsync(http, missing(http));
            return;
        }
        var allowed = rule switch
        {
            AccessRule.SignedIn => true,
            AccessRule.ServerAdmin => principal.IsServerAdmin,
            AccessRule.InNamespace r => principal.Holds(ns, r.Role),
            _ => false,
        };
        if (!allowed)
        {
            LogDenied(principal.Principal, http.Request.Method, http.Request.Path);
            await ProblemAsync(http, 403, "forbidden", "Forbidden", rule switch
            {
                AccessRule.InNamespace r => $"This needs the '{r.Role.ToString().ToLowerInvariant()}' role in namespace '{ns}'.",
                _ => "This needs a server administrator.",
            });
            return;
        }
        await next(http);
    }

    /// <summary>The caller's principal, or why the credential it presented where the door reads it is refused (null when it presented none).</summary>
    private static async Task<(WeftPrincipal? Principal, string? Refusal)> AuthenticateAsync(HttpContext http, FrontDoor door, TokenService tokens)
    {
        var credential = await door.Credentials.ReadAsync(http);
        if (!credential.Presented) return (null, null);
        if (credential.Value is not { } value)
        {
            return (null, door.Credentials == CredentialSources.Bearer && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? "The Authorization header is not 'Bearer <token>'."
                : TokenCheck.Invalid.Problem);
        }
        if (door.AcceptsApiAccessToken && await tokens.ApiAccessTokenAsync(value, http.RequestAborted) is { } workflowApi) return (workflowApi, null);
        var check = await tokens.CheckAsync(value, http.RequestAborted);
        return (check.Principal, check.Principal is null ? check.Problem : null);
    }

    /// <summary>Only clients of the store can be granted impersonation (not the built-in <c>workflowapi</c>).</summary>
    private static async Task<bool> MayImpersonateAsync(IWeftStore store, TokenService tokens, string clientId, CancellationToken ct) =>
        !(clientId == TokenService.WorkflowApiClient && tokens.Options.ApiAccessToken is { Length: > 0 })
        && (await store.Identity.GetClientAsync(clientId, ct))?.AllowImpersonation == true;

    private static Task ProblemAsync(HttpContext http, int status, string type, string title, string detail) =>
        FrontDoor.Of(http).Errors.WriteAsync(http, new ProblemDetails { Status = status, Type = Api.ProblemMapping.TypeBase + type, Title = title, Detail = detail });

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Access denied to {Principal} for {Method} {Path}")]
    private partial void LogDenied(string principal, string method, PathString path);
}

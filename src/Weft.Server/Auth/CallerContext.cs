using System.Text.Json.Nodes;
using Weft.Core.Users;

namespace Weft.Server.Auth;

/// <summary>The authenticated principal of a request and the caller it stands for, set by <see cref="AccessMiddleware"/>.</summary>
internal static class CallerContext
{
    private static readonly object PrincipalKey = new();
    private static readonly object CallerKey = new();

    public static async Task SetAsync(HttpContext http, WeftPrincipal principal, IUserDirectory users)
    {
        http.Items[PrincipalKey] = principal;
        var userId = principal.OnBehalfOf ?? (principal.IsUser ? principal.CallerId : null);
        http.Items[CallerKey] = userId is null
            ? new UserInfo(principal.CallerId, null, principal.ClientId, [], new JsonObject())
            : await users.FindAsync(userId, http.RequestAborted) ?? new UserInfo(userId, null, null, [], new JsonObject());
    }

    public static WeftPrincipal? Principal(HttpContext http) => http.Items.TryGetValue(PrincipalKey, out var p) ? p as WeftPrincipal : null;

    /// <summary>The user (or <c>client:&lt;id&gt;</c> service) the request acts as, or null when it is anonymous.</summary>
    public static UserInfo? Caller(HttpContext http) => http.Items.TryGetValue(CallerKey, out var c) ? c as UserInfo : null;
}

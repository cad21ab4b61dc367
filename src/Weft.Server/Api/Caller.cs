using System.Text.Json.Nodes;
using Weft.Core.Users;
using Weft.Server.Auth;

namespace Weft.Server.Api;

/// <summary>
/// Who is calling: the user of the bearer token (<c>sub</c>), the service <c>client:&lt;id&gt;</c> of a
/// client-credentials token, or the user an impersonating client names in <c>X-OnBehalfOf-Id</c>.
/// </summary>
internal static class Caller
{
    /// <summary>The caller, or null when the request is anonymous.</summary>
    public static UserInfo? From(HttpContext http) => CallerContext.Caller(http);

    /// <summary>The impersonating client (<c>client:&lt;id&gt;</c>) when the caller is a user it acts for; a run records both.</summary>
    public static string? ActingClient(HttpContext http) =>
        CallerContext.Principal(http) is { OnBehalfOf: not null, ClientId: { } client } ? WeftPrincipal.ClientPrefix + client : null;

    /// <summary>Another user, as the directory knows them (for <c>assignee=&lt;user&gt;</c>).</summary>
    public static async Task<UserInfo> LookupAsync(HttpContext http, string id, CancellationToken ct) =>
        await http.RequestServices.GetRequiredService<IUserDirectory>().FindAsync(id, ct) ?? new UserInfo(id, null, null, [], new JsonObject());
}

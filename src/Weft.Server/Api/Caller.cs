using System.Text.Json.Nodes;
using Weft.Core.Users;

namespace Weft.Server.Api;

/// <summary>
/// Who is calling. INTERIM: until the auth work (OIDC and API tokens) lands, the caller is named by the
/// <c>X-Weft-User</c> header (user id) and <c>X-Weft-Roles</c> (comma-separated roles), completed with what the
/// user directory knows. This is the one place that reads identity from a request: the auth work replaces the
/// headers with the token's claims here and nowhere else.
/// </summary>
internal static class Caller
{
    public const string UserHeader = "X-Weft-User";
    public const string RolesHeader = "X-Weft-Roles";

    /// <summary>The caller, or null when the request names none.</summary>
    public static UserInfo? From(HttpContext http)
    {
        var id = http.Request.Headers[UserHeader].ToString().Trim();
        if (id.Length == 0) return null;
        var roles = http.Request.Headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Lookup(http, id, roles);
    }

    /// <summary>Another user, as the directory knows them (for <c>assignee=&lt;user&gt;</c>).</summary>
    public static UserInfo Lookup(HttpContext http, string id, IReadOnlyList<string>? extraRoles = null)
    {
        var known = http.RequestServices.GetRequiredService<IUserDirectory>().Find(id);
        var roles = (known?.Roles ?? []).Concat(extraRoles ?? []).Distinct(StringComparer.Ordinal).ToList();
        return new UserInfo(id, known?.Email, known?.Name, roles, known?.Attributes.DeepClone().AsObject() ?? new JsonObject());
    }
}

namespace Weft.Server.Auth;

/// <summary>
/// Who a request authenticated as: a user (<c>user:&lt;id&gt;</c>) or a service client (<c>client:&lt;id&gt;</c>),
/// the client that obtained the token, and the roles held per namespace (<c>*</c> for every namespace).
/// <see cref="OnBehalfOf"/> is the user an impersonating client acts for (X-OnBehalfOf-Id).
/// </summary>
public sealed record WeftPrincipal(string Principal, string? ClientId, IReadOnlyList<HeldRole> Roles, string? OnBehalfOf = null)
{
    public const string UserPrefix = "user:";
    public const string ClientPrefix = "client:";

    public bool IsUser => Principal.StartsWith(UserPrefix, StringComparison.Ordinal);

    /// <summary>The user id for a user, <c>client:&lt;id&gt;</c> for a service (the caller id tasks and runs record).</summary>
    public string CallerId => IsUser ? Principal[UserPrefix.Length..] : Principal;

    public bool IsServerAdmin => Roles.Any(r => r.Namespace == "*" && r.Role == NamespaceRole.Admin);

    public bool Holds(string? ns, NamespaceRole required) =>
        Roles.Any(r => (r.Namespace == "*" || (ns is not null && string.Equals(r.Namespace, ns, StringComparison.Ordinal))) && AccessRules.Satisfies(r.Role, required));

    /// <summary>The roles as the token's <c>roles</c> claim writes them: <c>default:operator</c>, <c>*:admin</c>.</summary>
    public IEnumerable<string> RoleClaims => Roles.Select(r => r.ToString());
}

/// <summary>A role in a namespace, or in every namespace (<c>*</c>).</summary>
public sealed record HeldRole(string Namespace, NamespaceRole Role)
{
    public override string ToString() => Namespace + ":" + Role.ToString().ToLowerInvariant();

    public static HeldRole? Parse(string claim)
    {
        var colon = claim.LastIndexOf(':');
        return colon > 0 && Enum.TryParse<NamespaceRole>(claim[(colon + 1)..], ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? new HeldRole(claim[..colon], role)
            : null;
    }

    public static bool TryParseRole(string text, out NamespaceRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);
}

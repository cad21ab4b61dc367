namespace Weft.Server.Auth;

/// <summary>
/// A role a caller holds in one namespace (or in every namespace, for a server-wide grant).
/// <c>admin</c> may do everything in its namespace; <c>operator</c> starts and controls runs and sends events
/// (and may read); <c>author</c> deploys definitions (and may read); <c>viewer</c> reads; <c>worker</c> polls and
/// completes integration steps.
/// </summary>
public enum NamespaceRole
{
    Viewer,
    Author,
    Operator,
    Worker,
    Admin,
}

/// <summary>Who may call a route: the rule every endpoint carries as metadata (a route without one is refused).</summary>
public abstract record AccessRule
{
    /// <summary>Open to anyone, signed in or not (health, discovery, the token endpoint, the sign-in page).</summary>
    public sealed record Anonymous : AccessRule;

    /// <summary>Any signed-in caller; the handler narrows further (a task's assignee, the caller's own tokens).</summary>
    public sealed record SignedIn : AccessRule;

    /// <summary>A caller holding <paramref name="Role"/> (or a role that includes it) in the route's <c>{ns}</c>.</summary>
    public sealed record InNamespace(NamespaceRole Role) : AccessRule;

    /// <summary>A server-wide administrator (namespaces, users, clients, keys).</summary>
    public sealed record ServerAdmin : AccessRule;
}

/// <summary>Attaches an <see cref="AccessRule"/> to routes.</summary>
public static class AccessRules
{
    /// <summary>Which roles satisfy a requirement: admin covers all; operator and author cover viewer.</summary>
    public static bool Satisfies(NamespaceRole held, NamespaceRole required) => held == required || held switch
    {
        NamespaceRole.Admin => true,
        NamespaceRole.Operator or NamespaceRole.Author => required == NamespaceRole.Viewer,
        _ => false,
    };

    public static TBuilder RequireNamespaceRole<TBuilder>(this TBuilder builder, NamespaceRole role)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessRule.InNamespace(role));

    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessRule.SignedIn());

    public static TBuilder RequireServerAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessRule.ServerAdmin());

    public static TBuilder AllowAnyone<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessRule.Anonymous());
}

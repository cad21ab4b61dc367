using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Weft.Server.FrontDoors;

/// <summary>
/// How one group of routes meets its clients: the shape of its errors, its JSON options (casing, enums), where its
/// requests name the namespace, and where they carry the caller's credential. Weft's native API is one front door;
/// each compatibility surface is another, mapped by its own <c>Map...()</c>. Attached to a route group with
/// <see cref="FrontDoorExtensions.WithFrontDoor{TBuilder}"/>; who may call a route is still the one rule table
/// (<see cref="Auth.AccessRule"/>), checked by <see cref="Auth.AccessMiddleware"/> with the namespace the door finds.
/// </summary>
public sealed class FrontDoor
{
    /// <summary>The door's name in logs and the OpenAPI document (<c>weft</c> for the native API).</summary>
    public required string Name { get; init; }

    /// <summary>How errors are written: ProblemDetails for the native API, the vendor's own envelope on its surface.</summary>
    public IErrorShape Errors { get; init; } = ProblemDetailsShape.Instance;

    /// <summary>The JSON options of the door's bodies; null: the server's (camelCase, nulls omitted, enums as strings).</summary>
    public JsonSerializerOptions? Json { get; init; }

    /// <summary>Where a request names its namespace.</summary>
    public INamespaceSource Namespace { get; init; } = NamespaceSources.Route();

    /// <summary>
    /// What a route that needs a role in a namespace answers when the request names none where <see cref="Namespace"/>
    /// looks (a surface's missing <c>repository</c> field: a 400 naming it); null: the access check refuses it (403).
    /// </summary>
    public Func<HttpContext, Microsoft.AspNetCore.Mvc.ProblemDetails>? NamespaceMissing { get; init; }

    /// <summary>Where a request carries its credential (a JWT or an API token).</summary>
    public ICredentialSource Credentials { get; init; } = CredentialSources.Bearer;

    /// <summary>
    /// Reference 001's API access token is itself a credential here (its <c>token</c> field), besides the tokens
    /// <c>/connect/token</c> issues for it; false for every other door, where only issued tokens are.
    /// </summary>
    public bool AcceptsApiAccessToken { get; init; }

    /// <summary>Weft's native API: ProblemDetails, the server's JSON, <c>{ns}</c> in the route, a bearer token.</summary>
    public static FrontDoor Native { get; } = new() { Name = "weft" };

    /// <summary>The door of the route that matched (the native API's when the route names none).</summary>
    public static FrontDoor Of(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<FrontDoor>() ?? Native;

    private static readonly object NamespaceKey = new();

    /// <summary>The namespace the access check found for this request (where the door's requests name it), for the handler to work in.</summary>
    public static string? NamespaceOf(HttpContext http) => http.Items.TryGetValue(NamespaceKey, out var ns) ? ns as string : null;

    internal static void SetNamespace(HttpContext http, string ns) => http.Items[NamespaceKey] = ns;

    /// <summary>The door's JSON options, or the server's.</summary>
    public JsonSerializerOptions JsonOptions(HttpContext http) =>
        Json ?? http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
}

public static class FrontDoorExtensions
{
    /// <summary>Every route of <paramref name="builder"/> answers through <paramref name="door"/>.</summary>
    public static TBuilder WithFrontDoor<TBuilder>(this TBuilder builder, FrontDoor door)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(door);

    /// <summary>A JSON answer written with the door's own options (its casing), for a surface whose casing is not the server's.</summary>
    public static IResult DoorJson<T>(this HttpContext http, T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, FrontDoor.Of(http).JsonOptions(http), statusCode: status);
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Storage;

using Weft.Server.Auth;
using Weft.Contracts.Namespaces;

namespace Weft.Server.Api;

internal static partial class NamespacesApi
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    public static RouteGroupBuilder MapNamespacesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces").WithTags("Namespaces");
        group.MapGet("/", ListAsync).WithName("ListNamespaces").RequireSignedIn().WithSummary("List namespaces");
        group.MapPut("/{ns}", CreateAsync).WithName("CreateNamespace").RequireServerAdmin().WithSummary("Create a namespace (idempotent)");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<NamespaceResponse>>> ListAsync(IWeftStore store, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<NamespaceResponse>>((await store.Namespaces.ListAsync(ct)).Select(n => new NamespaceResponse(n)).ToList());

    private static async Task<Results<Created<NamespaceResponse>, Ok<NamespaceResponse>>> CreateAsync(string ns, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        if (!NamePattern().IsMatch(ns))
            throw new BadRequestException("A namespace name is 1 to 63 lowercase letters, digits and '-', starting with a letter or digit.", "ns");
        var created = await store.Namespaces.CreateAsync(ns, time.GetUtcNow(), ct);
        return created ? TypedResults.Created($"/api/v1/namespaces/{ns}", new NamespaceResponse(ns)) : TypedResults.Ok(new NamespaceResponse(ns));
    }
}

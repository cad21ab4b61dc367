using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Server.Api;
using Weft.Contracts;
using Weft.Contracts.Identity;

namespace Weft.Server.Auth;

/// <summary>Server administration of identities: users, service clients, their roles per namespace, and the signing keys.</summary>
internal static partial class AdminApi
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex IdPattern();

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        admin.MapPost("/users", CreateUserAsync).WithName("CreateUser").RequireServerAdmin()
            .WithSummary("Create a user: { id, name, email, password, roles, attributes }").Accepts<CreateUserRequest>("application/json").Produces<UserResponse>(201).ProducesProblem(400).ProducesProblem(409);
        admin.MapGet("/users", ListUsersAsync).WithName("ListUsers").RequireServerAdmin().WithSummary("List users (query filters by id, name or email)").Produces<List<UserResponse>>();
        admin.MapGet("/users/{id}", GetUserAsync).WithName("GetUser").RequireServerAdmin().WithSummary("Get a user with their namespace roles").Produces<UserResponse>().ProducesProblem(404);
        admin.MapPatch("/users/{id}", UpdateUserAsync).WithName("UpdateUser").RequireServerAdmin()
            .WithSummary("Change a user's name, email, password, task roles or attributes").Accepts<UpdateUserRequest>("application/json").Produces<UserResponse>().ProducesProblem(400).ProducesProblem(404);
        admin.MapPost("/users/{id}/tokens", IssueUserTokenAsync).WithName("IssueUserApiToken").RequireServerAdmin()
            .WithSummary("Issue an API token to a user: { name, lifeTimeInSec }").Accepts<ApiTokenRequest>("application/json").Produces<IssuedApiToken>(201).ProducesProblem(400).ProducesProblem(404);
        admin.MapPut("/users/{id}/roles/{ns}/{role}", (string id, string ns, string role, IWeftStore store, CancellationToken ct) => GrantAsync("user", id, ns, role, true, store, ct))
            .WithName("GrantUserRole").RequireServerAdmin().Produces<RoleGrantResponse>().WithSummary("Grant a user a role in a namespace ('*' for every namespace)").ProducesProblem(400).ProducesProblem(404);
        admin.MapDelete("/users/{id}/roles/{ns}/{role}", (string id, string ns, string role, IWeftStore store, CancellationToken ct) => GrantAsync("user", id, ns, role, false, store, ct))
            .WithName("RevokeUserRole").RequireServerAdmin().WithSummary("Revoke a user's role in a namespace").ProducesProblem(404);
        admin.MapPost("/clients", CreateClientAsync).WithName("CreateClient").RequireServerAdmin()
            .WithSummary("Create a service client: { clientId, name, allowImpersonation, redirectUris }; the secret is shown only in this answer").Accepts<CreateClientRequest>("application/json").Produces<CreatedClientResponse>(201).ProducesProblem(400).ProducesProblem(409);
        admin.MapGet("/clients", ListClientsAsync).WithName("ListClients").RequireServerAdmin().WithSummary("List service clients (never their secrets)").Produces<List<ClientResponse>>();
        admin.MapPatch("/clients/{id}", UpdateClientAsync).WithName("UpdateClient").RequireServerAdmin()
            .WithSummary("Change a client's name, impersonation grant or redirect URIs").Accepts<UpdateClientRequest>("application/json").Produces<ClientResponse>().ProducesProblem(400).ProducesProblem(404);
        admin.MapPost("/clients/{id}/secret", RotateClientSecretAsync).WithName("RotateClientSecret").RequireServerAdmin()
            .WithSummary("Replace a client's secret; the new one is shown only in this answer").Produces<CreatedClientResponse>().ProducesProblem(404);
        admin.MapDelete("/clients/{id}", DeleteClientAsync).WithName("DeleteClient").RequireServerAdmin().WithSummary("Delete a client with its roles and tokens").ProducesProblem(404);
        admin.MapPut("/clients/{id}/roles/{ns}/{role}", (string id, string ns, string role, IWeftStore store, CancellationToken ct) => GrantAsync("client", id, ns, role, true, store, ct))
            .WithName("GrantClientRole").RequireServerAdmin().Produces<RoleGrantResponse>().WithSummary("Grant a client a role in a namespace ('*' for every namespace)").ProducesProblem(400).ProducesProblem(404);
        admin.MapDelete("/clients/{id}/roles/{ns}/{role}", (string id, string ns, string role, IWeftStore store, CancellationToken ct) => GrantAsync("client", id, ns, role, false, store, ct))
            .WithName("RevokeClientRole").RequireServerAdmin().WithSummary("Revoke a client's role in a namespace").ProducesProblem(404);
        admin.MapGet("/keys", ListKeysAsync).WithName("ListSigningKeys").RequireServerAdmin().WithSummary("List the token-signing keys (public parts and dates)").Produces<List<SigningKeyResponse>>();
        admin.MapPost("/keys/rotate", RotateKeyAsync).WithName("RotateSigningKey").RequireServerAdmin()
            .WithSummary("Add a new signing key; the old ones stay published until the tokens they signed expire").Produces<SigningKeyResponse>();
    }

    private static string Id(string? id, string field) =>
        id is not null && IdPattern().IsMatch(id) ? id : throw new BadRequestException($"'{field}' must be 1 to 128 letters, digits, '.', '_', '@' or '-'.", field);

    private static async Task<IResult> CreateUserAsync(HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        var body = (await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.CreateUserRequest, ct)).Value;
        var id = Id(AuthBody.String(body.Id, "id", required: true), "id");
        var password = AuthBody.String(body.Password, "password", max: 1000);
        if (password is { Length: < 8 }) throw new BadRequestException("'password' must be at least 8 characters.", "password");
        var user = new StoredUser(id, AuthBody.String(body.Name, "name"), AuthBody.String(body.Email, "email"), password is null ? null : CodeFlow.HashPassword(password),
            AuthBody.Strings(body.Roles, "roles") ?? [], body.Attributes ?? new JsonObject(), time.GetUtcNow());
        if (!await store.Identity.CreateUserAsync(user, ct)) throw new ConflictException($"A user '{id}' already exists.");
        return Results.Created($"/api/v1/admin/users/{id}", await UserResponseAsync(store, user, ct));
    }

    private static async Task<IResult> ListUsersAsync(IWeftStore store, CancellationToken ct, string? query = null) =>
        Results.Ok((await store.Identity.SearchUsersAsync(query, 500, ct)).Select(u => new UserResponse(u.Id, u.Name, u.Email, u.PasswordHash is not null, u.Roles, u.Attributes, [])).ToList());

    private static async Task<IResult> GetUserAsync(string id, IWeftStore store, CancellationToken ct) =>
        Results.Ok(await UserResponseAsync(store, await RequireUserAsync(store, id, ct), ct));

    private static async Task<IResult> UpdateUserAsync(string id, HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        var user = await RequireUserAsync(store, id, ct);
        var body = await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.UpdateUserRequest, ct);
        var change = body.Value;
        var password = AuthBody.String(change.Password, "password", max: 1000);
        if (password is { Length: < 8 }) throw new BadRequestException("'password' must be at least 8 characters.", "password");
        user = user with
        {
            Name = body.Has("name") ? AuthBody.String(change.Name, "name") : user.Name,
            Email = body.Has("email") ? AuthBody.String(change.Email, "email") : user.Email,
            PasswordHash = password is null ? user.PasswordHash : CodeFlow.HashPassword(password),
            Roles = AuthBody.Strings(change.Roles, "roles") ?? user.Roles,
            Attributes = change.Attributes ?? user.Attributes,
        };
        await store.Identity.UpdateUserAsync(user, ct);
        if (password is not null) await store.Identity.RevokeRefreshTokensAsync(WeftPrincipal.UserPrefix + id, time.GetUtcNow(), ct);
        return Results.Ok(await UserResponseAsync(store, user, ct));
    }

    private static async Task<IResult> IssueUserTokenAsync(string id, HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        await RequireUserAsync(store, id, ct);
        var body = (await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.ApiTokenRequest, ct)).Value;
        var issued = await ApiTokensApi.IssueAsync(store, time, WeftPrincipal.UserPrefix + id, AuthBody.String(body.Name, "name") ?? "api token",
            AuthBody.LifeTime(body.LifeTimeInSec, "lifeTimeInSec"), ct);
        return Results.Created($"/api/v1/tokens/{issued.Id}", issued);
    }

    private static async Task<StoredUser> RequireUserAsync(IWeftStore store, string id, CancellationToken ct) =>
        await store.Identity.GetUserAsync(id, ct) ?? throw new NotFoundException($"No user '{id}'.");

    private static async Task<UserResponse> UserResponseAsync(IWeftStore store, StoredUser u, CancellationToken ct) =>
        new(u.Id, u.Name, u.Email, u.PasswordHash is not null, u.Roles, u.Attributes, await GrantsOfAsync(store, WeftPrincipal.UserPrefix + u.Id, ct));

    private static async Task<IReadOnlyList<string>> GrantsOfAsync(IWeftStore store, string principal, CancellationToken ct) =>
        [.. (await store.Identity.ListGrantsAsync(principal, ct)).Select(g => g.Namespace + ":" + g.Role)];

    private static async Task<IResult> GrantAsync(string kind, string id, string ns, string role, bool grant, IWeftStore store, CancellationToken ct)
    {
        if (!HeldRole.TryParseRole(role, out var parsed)) throw new BadRequestException("'role' must be admin, operator, author, viewer or worker.", "role");
        if (ns != "*" && !Regex.IsMatch(ns, "^[a-z0-9][a-z0-9-]{0,62}$")) throw new BadRequestException("'ns' must be a namespace name or '*'.", "ns");
        var exists = kind == "user" ? await store.Identity.GetUserAsync(id, ct) is not null : await store.Identity.GetClientAsync(id, ct) is not null;
        if (!exists) throw new NotFoundException($"No {kind} '{id}'.");
        var row = new RoleGrant(kind + ":" + id, ns, parsed.ToString().ToLowerInvariant());
        if (grant)
        {
            await store.Identity.GrantAsync(row, ct);
            return Results.Ok(new RoleGrantResponse(row.Principal, ns, row.Role));
        }
        return await store.Identity.RevokeGrantAsync(row, ct) ? Results.NoContent() : throw new NotFoundException($"The {kind} '{id}' does not hold '{row.Role}' in '{ns}'.");
    }

    private static async Task<IResult> CreateClientAsync(HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        var body = (await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.CreateClientRequest, ct)).Value;
        var id = Id(AuthBody.String(body.ClientId, "clientId", required: true), "clientId");
        if (id == TokenService.WorkflowApiClient) throw new ConflictException($"'{id}' is the built-in client of the API access token.");
        var secret = Secrets.New();
        var client = new StoredClient(id, Secrets.Hash(secret), AuthBody.String(body.Name, "name") ?? id, body.AllowImpersonation ?? false,
            RedirectUris(body.RedirectUris) ?? [], time.GetUtcNow());
        if (!await store.Identity.CreateClientAsync(client, ct)) throw new ConflictException($"A client '{id}' already exists.");
        return Results.Created($"/api/v1/admin/clients/{id}", new CreatedClientResponse(id, secret, client.Name, client.AllowImpersonation, client.RedirectUris));
    }

    private static IReadOnlyList<string>? RedirectUris(IReadOnlyList<string>? given)
    {
        var uris = AuthBody.Strings(given, "redirectUris");
        if (uris is not null && uris.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0))
            throw new BadRequestException("'redirectUris' must be absolute URIs without a fragment.", "redirectUris");
        return uris;
    }

    private static async Task<IResult> ListClientsAsync(IWeftStore store, CancellationToken ct)
    {
        var clients = await store.Identity.ListClientsAsync(ct);
        var list = new List<ClientResponse>();
        foreach (var c in clients) list.Add(new ClientResponse(c.ClientId, c.Name, c.AllowImpersonation, c.RedirectUris, await GrantsOfAsync(store, WeftPrincipal.ClientPrefix + c.ClientId, ct)));
        return Results.Ok(list);
    }

    private static async Task<IResult> UpdateClientAsync(string id, HttpContext http, IWeftStore store, CancellationToken ct)
    {
        var client = await store.Identity.GetClientAsync(id, ct) ?? throw new NotFoundException($"No client '{id}'.");
        var body = (await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.UpdateClientRequest, ct)).Value;
        client = client with
        {
            Name = AuthBody.String(body.Name, "name") ?? client.Name,
            AllowImpersonation = body.AllowImpersonation ?? client.AllowImpersonation,
            RedirectUris = RedirectUris(body.RedirectUris) ?? client.RedirectUris,
        };
        await store.Identity.UpdateClientAsync(client, ct);
        return Results.Ok(new ClientResponse(client.ClientId, client.Name, client.AllowImpersonation, client.RedirectUris, await GrantsOfAsync(store, WeftPrincipal.ClientPrefix + id, ct)));
    }

    private static async Task<IResult> RotateClientSecretAsync(string id, IWeftStore store, CancellationToken ct)
    {
        var client = await store.Identity.GetClientAsync(id, ct) ?? throw new NotFoundException($"No client '{id}'.");
        var secret = Secrets.New();
        await store.Identity.UpdateClientAsync(client with { SecretHash = Secrets.Hash(secret) }, ct);
        return Results.Ok(new CreatedClientResponse(id, secret, client.Name, client.AllowImpersonation, client.RedirectUris));
    }

    private static async Task<IResult> DeleteClientAsync(string id, IWeftStore store, CancellationToken ct) =>
        await store.Identity.DeleteClientAsync(id, ct) ? Results.NoContent() : throw new NotFoundException($"No client '{id}'.");

    private static async Task<IResult> ListKeysAsync(IWeftStore store, CancellationToken ct) =>
        Results.Ok((await store.Identity.ListSigningKeysAsync(ct)).Select(k => new SigningKeyResponse(k.Kid, k.Algorithm, k.CreatedAt, k.RetiredAt)).ToList());

    private static async Task<IResult> RotateKeyAsync(SigningKeyRing keys, CancellationToken ct)
    {
        var key = await keys.RotateAsync(ct);
        return Results.Ok(new SigningKeyResponse(key.Kid, key.Algorithm, key.CreatedAt, key.RetiredAt));
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Server.Api;
using Weft.Contracts;
using Weft.Contracts.Identity;

namespace Weft.Server.Auth;

/// <summary>
/// API tokens with a lifetime (reference 002): opaque <c>weft_...</c> bearer tokens issued to the signed-in caller,
/// listed and revoked by them; the store keeps only their hash. Also the user search of reference 002.
/// </summary>
internal static class ApiTokensApi
{
    public static void MapApiTokensApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("Tokens");
        group.MapPost("/", CreateAsync).WithName("CreateApiToken").RequireSignedIn()
            .WithSummary("Issue an API token to the caller: { name, lifeTimeInSec }; the token is shown only in this answer").Accepts<ApiTokenRequest>("application/json").Produces<IssuedApiToken>(201).ProducesProblem(400);
        group.MapGet("/", ListAsync).WithName("ListApiTokens").RequireSignedIn().WithSummary("List the caller's API tokens (never the tokens themselves)").Produces<List<ApiTokenResponse>>();
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeApiToken").RequireSignedIn().WithSummary("Revoke one of the caller's API tokens").ProducesProblem(404);
        app.MapGet("/api/users/search", SearchUsersAsync).WithTags("Users").WithName("SearchUsers").RequireSignedIn()
            .WithSummary("Search users by id, name or email (reference 002): [{ Id, FullName, Email }]");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        var principal = CallerContext.Principal(http)!;
        var body = (await AuthBody.ReadAsync(http.Request, WeftJsonContext.Default.ApiTokenRequest, ct)).Value;
        var name = AuthBody.String(body.Name, "name") ?? "api token";
        var lifetime = AuthBody.LifeTime(body.LifeTimeInSec, "lifeTimeInSec");
        var issued = await IssueAsync(store, time, principal.Principal, name, lifetime, ct);
        return Results.Created($"/api/v1/tokens/{issued.Id}", issued);
    }

    /// <summary>Stores a new token's hash for <paramref name="principal"/> and returns the token, which is not kept.</summary>
    public static async Task<IssuedApiToken> IssueAsync(IWeftStore store, TimeProvider time, string principal, string name, TimeSpan lifetime, CancellationToken ct)
    {
        var token = Secrets.New(TokenService.ApiTokenPrefix);
        var now = time.GetUtcNow();
        var stored = new StoredApiToken(Guid.NewGuid().ToString("N"), Secrets.Hash(token), principal, name, now, now + lifetime, null);
        await store.Identity.CreateApiTokenAsync(stored, ct);
        return new IssuedApiToken(stored.Id, name, token, stored.Principal, stored.CreatedAt, stored.ExpiresAt, (long)lifetime.TotalSeconds);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IWeftStore store, CancellationToken ct)
    {
        var tokens = await store.Identity.ListApiTokensAsync(CallerContext.Principal(http)!.Principal, ct);
        return Results.Ok(tokens.Select(t => new ApiTokenResponse(t.Id, t.Name, t.Principal, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToList());
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        if (!await store.Identity.RevokeApiTokenAsync(id, CallerContext.Principal(http)!.Principal, time.GetUtcNow(), ct))
            throw new NotFoundException($"You have no live API token '{id}'.");
        return Results.NoContent();
    }

    private static async Task<IResult> SearchUsersAsync(IWeftStore store, CancellationToken ct, string? query = null, string? limit = null)
    {
        var size = 15;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
            throw new BadRequestException("'limit' must be a whole number from 1 to 500.", "limit");
        var users = await store.Identity.SearchUsersAsync(string.IsNullOrWhiteSpace(query) ? null : query.Trim(), size, ct);
        return Results.Ok(users.Select(u => new JsonObject { ["Id"] = u.Id, ["FullName"] = u.Name ?? u.Id, ["Email"] = u.Email }).ToList());
    }
}

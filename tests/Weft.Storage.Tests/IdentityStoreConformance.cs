using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The identity store's behaviour, written once and run against SQLite and PostgreSQL.</summary>
public abstract class IdentityStoreConformance : StoreFixture
{
    private IIdentityStore Identity => Store.Identity;

    [Fact]
    public async Task Users_CreateSearchUpdate_RoundTrip()
    {
        var ann = new StoredUser("ann", "Ann Lee", "ann@example.com", "hash", ["managers"], new JsonObject { ["dept"] = "finance" }, T0);
        (await Identity.CreateUserAsync(ann, Ct)).ShouldBeTrue();
        (await Identity.CreateUserAsync(ann, Ct)).ShouldBeFalse();
        (await Identity.CreateUserAsync(new StoredUser("bob", "Bob", null, null, [], new JsonObject(), T0), Ct)).ShouldBeTrue();
        var found = await Identity.GetUserAsync("ann", Ct);
        found!.Roles.ShouldBe(["managers"]);
        found.Attributes["dept"]!.GetValue<string>().ShouldBe("finance");
        (await Identity.SearchUsersAsync("EXAMPLE.com", 10, Ct)).Select(u => u.Id).ShouldBe(["ann"]);
        (await Identity.SearchUsersAsync("b", 10, Ct)).Select(u => u.Id).ShouldBe(["bob"]);
        (await Identity.SearchUsersAsync(null, 1, Ct)).Select(u => u.Id).ShouldBe(["ann"]);
        (await Identity.UpdateUserAsync(found with { Email = "ann@corp.example" }, Ct)).ShouldBeTrue();
        (await Identity.GetUserAsync("ann", Ct))!.Email.ShouldBe("ann@corp.example");
    }

    [Fact]
    public async Task Grants_AreIdempotentAndRevocable()
    {
        (await Identity.AnyServerAdminAsync(Ct)).ShouldBeFalse();
        (await Identity.GrantAsync(new RoleGrant("client:ops", "*", "admin"), Ct)).ShouldBeTrue();
        (await Identity.GrantAsync(new RoleGrant("client:ops", "*", "admin"), Ct)).ShouldBeFalse();
        (await Identity.GrantAsync(new RoleGrant("client:ops", "default", "worker"), Ct)).ShouldBeTrue();
        (await Identity.AnyServerAdminAsync(Ct)).ShouldBeTrue();
        (await Identity.ListGrantsAsync("client:ops", Ct)).ShouldBe([new RoleGrant("client:ops", "*", "admin"), new RoleGrant("client:ops", "default", "worker")]);
        (await Identity.RevokeGrantAsync(new RoleGrant("client:ops", "*", "admin"), Ct)).ShouldBeTrue();
        (await Identity.RevokeGrantAsync(new RoleGrant("client:ops", "*", "admin"), Ct)).ShouldBeFalse();
        (await Identity.AnyServerAdminAsync(Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Clients_DeleteTakesTheirGrantsAndTokens()
    {
        var client = new StoredClient("crm", "h", "CRM", true, ["http://127.0.0.1/cb"], T0);
        (await Identity.CreateClientAsync(client, Ct)).ShouldBeTrue();
        (await Identity.CreateClientAsync(client, Ct)).ShouldBeFalse();
        (await Identity.GetClientAsync("crm", Ct))!.RedirectUris.ShouldBe(["http://127.0.0.1/cb"]);
        await Identity.GrantAsync(new RoleGrant("client:crm", "default", "operator"), Ct);
        await Identity.CreateApiTokenAsync(new StoredApiToken("t1", "th", "client:crm", "n", T0, T0.AddHours(1), null), Ct);
        (await Identity.DeleteClientAsync("crm", Ct)).ShouldBeTrue();
        (await Identity.GetClientAsync("crm", Ct)).ShouldBeNull();
        (await Identity.ListGrantsAsync("client:crm", Ct)).ShouldBeEmpty();
        (await Identity.FindApiTokenAsync("th", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ApiTokens_RevokeOnlyOwnAndOnce()
    {
        await Identity.CreateApiTokenAsync(new StoredApiToken("t1", "hash1", "user:ann", "ci", T0, T0.AddHours(1), null), Ct);
        (await Identity.FindApiTokenAsync("hash1", Ct))!.Principal.ShouldBe("user:ann");
        (await Identity.RevokeApiTokenAsync("t1", "user:bob", T0, Ct)).ShouldBeFalse();
        (await Identity.RevokeApiTokenAsync("t1", "user:ann", T0, Ct)).ShouldBeTrue();
        (await Identity.RevokeApiTokenAsync("t1", "user:ann", T0, Ct)).ShouldBeFalse();
        (await Identity.ListApiTokensAsync("user:ann", Ct)).Single().RevokedAt.ShouldBe(T0);
    }

    [Fact]
    public async Task RefreshTokensAndCodes_AreUsedOnce()
    {
        await Identity.CreateRefreshTokenAsync(new StoredRefreshToken("r1", "user:ann", "web", T0.AddDays(1), null, null), Ct);
        (await Identity.RedeemRefreshTokenAsync("r1", "r2", T0, Ct))!.Principal.ShouldBe("user:ann");
        (await Identity.RedeemRefreshTokenAsync("r1", "r3", T0, Ct)).ShouldBeNull();
        await Identity.CreateRefreshTokenAsync(new StoredRefreshToken("r4", "user:ann", "web", T0.AddDays(1), null, null), Ct);
        await Identity.RevokeRefreshTokensAsync("user:ann", T0, Ct);
        (await Identity.RedeemRefreshTokenAsync("r4", "r5", T0, Ct)).ShouldBeNull();
        await Identity.CreateAuthCodeAsync(new StoredAuthCode("c1", "web", "ann", "http://127.0.0.1/cb", "ch", T0.AddMinutes(2), null), Ct);
        (await Identity.RedeemAuthCodeAsync("c1", T0.AddMinutes(3), Ct)).ShouldBeNull();
        (await Identity.RedeemAuthCodeAsync("c1", T0, Ct))!.UserId.ShouldBe("ann");
        (await Identity.RedeemAuthCodeAsync("c1", T0, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task SigningKeys_RetireAllButTheNewest()
    {
        await Identity.AddSigningKeyAsync(new StoredSigningKey("k1", "RS256", "pem1", T0, null), Ct);
        await Identity.AddSigningKeyAsync(new StoredSigningKey("k2", "RS256", "pem2", T0.AddMinutes(1), null), Ct);
        await Identity.RetireSigningKeysAsync("k2", T0.AddMinutes(20), Ct);
        var keys = await Identity.ListSigningKeysAsync(Ct);
        keys.Select(k => (k.Kid, k.RetiredAt)).ShouldBe([("k2", (DateTimeOffset?)null), ("k1", T0.AddMinutes(20))]);
    }
}

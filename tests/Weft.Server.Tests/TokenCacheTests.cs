using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Weft.Core.Storage;
using Weft.Server.Auth;
using Weft.Storage;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// A JWT is checked once and then taken from the node's cache: never past its exp (plus the clock skew a fresh check
/// allows), and never once the key that signed it is no longer published.
/// </summary>
public sealed class TokenCacheTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private IWeftStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _store = await StoreFactory.OpenAsync(new StorageOptions { Provider = "sqlite" }, _dir.Path, Ct);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<(TokenService Tokens, SigningKeyRing Keys)> NewServiceAsync()
    {
        var options = Options.Create(new AuthOptions());
        var keys = new SigningKeyRing(_store, _time, options);
        await keys.InitializeAsync(Ct);
        return (new TokenService(keys, _store, options, new IssuerName("http://127.0.0.1:5080"), _time), keys);
    }

    private static WeftPrincipal Client => new("client:crm", "crm", [new HeldRole("default", NamespaceRole.Operator)]);

    [Fact]
    public async Task Token_IsAcceptedRepeatedly_UntilExpPlusSkew_ThenRefused()
    {
        var (tokens, _) = await NewServiceAsync();
        var (token, lifetime) = await tokens.IssueAccessTokenAsync(Client, Ct);

        for (var i = 0; i < 3; i++)
            (await tokens.AuthenticateAsync(token, Ct))!.Principal.ShouldBe("client:crm");

        _time.Advance(TimeSpan.FromSeconds(lifetime) + TimeSpan.FromSeconds(29));
        (await tokens.AuthenticateAsync(token, Ct)).ShouldNotBeNull();
        _time.Advance(TimeSpan.FromSeconds(2));
        (await tokens.AuthenticateAsync(token, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task CachedToken_IsRefused_OnceItsSigningKeyIsRetired()
    {
        var (tokens, _) = await NewServiceAsync();
        var (token, _) = await tokens.IssueAccessTokenAsync(Client, Ct);
        (await tokens.AuthenticateAsync(token, Ct)).ShouldNotBeNull();

        // The key retired at once (a rotation through the API keeps it a token lifetime longer); nodes reload every minute.
        await _store.Identity.RetireSigningKeysAsync("none", _time.GetUtcNow(), Ct);
        _time.Advance(TimeSpan.FromSeconds(61));

        (await tokens.AuthenticateAsync(token, Ct)).ShouldBeNull();
        var (newer, _) = await tokens.IssueAccessTokenAsync(Client, Ct);
        (await tokens.AuthenticateAsync(newer, Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task AlteredToken_IsRefused_AfterTheRealOneWasCached()
    {
        var (tokens, _) = await NewServiceAsync();
        var (token, _) = await tokens.IssueAccessTokenAsync(Client, Ct);
        (await tokens.AuthenticateAsync(token, Ct)).ShouldNotBeNull();

        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        (await tokens.AuthenticateAsync(tampered, Ct)).ShouldBeNull();
    }

    [Fact]
    public void Cache_WhenFull_DropsExpiredEntriesFirst_ThenStartsOver()
    {
        var cache = new ValidatedTokenCache(_time, capacity: 2);
        var now = _time.GetUtcNow();
        cache.Add("a", Client, "k", now + TimeSpan.FromSeconds(1));
        cache.Add("b", Client, "k", now + TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromSeconds(2));

        cache.Add("c", Client, "k", _time.GetUtcNow() + TimeSpan.FromMinutes(5));
        cache.Count.ShouldBe(2);
        cache.TryGet("b", out _, out _).ShouldBeTrue();
        cache.TryGet("a", out _, out _).ShouldBeFalse();

        cache.Add("d", Client, "k", _time.GetUtcNow() + TimeSpan.FromMinutes(5));
        cache.Count.ShouldBe(1);
        cache.TryGet("d", out var principal, out var kid).ShouldBeTrue();
        (principal.Principal, kid).ShouldBe(("client:crm", "k"));
    }

    [Fact]
    public void Cache_KeepsNothingAlreadyExpired()
    {
        var cache = new ValidatedTokenCache(_time);
        cache.Add("a", Client, "k", _time.GetUtcNow());
        cache.TryGet("a", out _, out _).ShouldBeFalse();
        cache.Count.ShouldBe(0);
    }
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Weft.Core.Users;

namespace Weft.Server.Auth;

/// <summary>Registers and maps the identity and access part: token service, enforcement, sign-in, admin and token APIs.</summary>
internal static class AuthServices
{
    public const string TokenRateLimit = "weft-token";

    public static void AddWeftAuth(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Weft:Auth");
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        options.Validate();
        builder.Services.Configure<AuthOptions>(section);
        var firstUrl = (builder.Configuration["urls"] ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        builder.Services.AddSingleton(new IssuerName(string.IsNullOrWhiteSpace(options.Issuer) ? firstUrl.TrimEnd('/') : options.Issuer));
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<CodeFlow>();
        builder.Services.AddSingleton<IUserDirectory, StoreUserDirectory>();
        builder.Services.AddAntiforgery();
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy(TokenRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.TokenRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>Adds enforcement to the pipeline and maps the auth routes; call before mapping the other APIs.</summary>
    public static async Task UseWeftAuthAsync(this WebApplication app)
    {
        await AuthBootstrap.RunAsync(app, CancellationToken.None);
        app.UseMiddleware<AccessMiddleware>();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.Configuration).AllowAnyone().ExcludeFromDescription();
        app.MapGet("/.well-known/jwks.json", DiscoveryEndpoints.KeysAsync).AllowAnyone().ExcludeFromDescription();
        app.MapPost("/connect/token", TokenEndpoint.HandleAsync).AllowAnyone().RequireRateLimiting(TokenRateLimit).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/connect/authorize", (HttpContext http, CodeFlow flow, CancellationToken ct) => flow.AuthorizeAsync(http, ct))
            .AllowAnyone().RequireRateLimiting(TokenRateLimit).ExcludeFromDescription();
        app.MapPost("/connect/authorize", (HttpContext http, IFormCollection form, CodeFlow flow, ILoggerFactory logs, CancellationToken ct) => flow.SignInAsync(http, form, logs, ct))
            .AllowAnyone().RequireRateLimiting(TokenRateLimit).ExcludeFromDescription();
        app.MapAdminApi();
        app.MapApiTokensApi();
    }
}

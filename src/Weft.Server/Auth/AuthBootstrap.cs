using System.Net;
using System.Text.Json.Nodes;
using Weft.Core.Storage;

namespace Weft.Server.Auth;

/// <summary>
/// What the auth part does at start: refuses open-loopback on a non-loopback address, makes sure a signing key
/// exists, seeds users from <c>Weft:Users</c>, and creates the first server administrator when there is none.
/// </summary>
internal static partial class AuthBootstrap
{
    public static async Task RunAsync(WebApplication app, CancellationToken ct)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;
        var store = app.Services.GetRequiredService<IWeftStore>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Weft.Auth");
        if (options.OpenLoopback)
        {
            var urls = (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
            var exposed = urls.Where(u => !IsLoopback(u)).ToList();
            if (urls.Length == 0 || exposed.Count > 0)
                throw new InvalidOperationException($"Weft:Auth:Mode=open-loopback lets every caller act as an administrator, so it is refused on a non-loopback address ({string.Join(", ", exposed)}).");
            LogOpenLoopback(log);
        }
        await app.Services.GetRequiredService<SigningKeyRing>().InitializeAsync(ct);
        await SeedUsersAsync(app.Configuration.GetSection("Weft:Users"), store, time, ct);
        if (await store.Identity.AnyServerAdminAsync(ct)) return;
        var clientId = string.IsNullOrWhiteSpace(options.BootstrapClientId) ? "admin" : options.BootstrapClientId.Trim();
        var secret = options.BootstrapClientSecret is { Length: > 0 } given ? given : Secrets.New();
        var client = new StoredClient(clientId, Secrets.Hash(secret), "Bootstrap administrator", false, [], time.GetUtcNow());
        if (!await store.Identity.CreateClientAsync(client, ct))
        {
            // The client exists without the grant (or another node bootstrapping at the same moment created it):
            // a configured secret is the operator's word; a generated one must not replace the secret another node printed.
            if (options.BootstrapClientSecret is not { Length: > 0 })
            {
                await store.Identity.GrantAsync(new RoleGrant(WeftPrincipal.ClientPrefix + clientId, "*", "admin"), ct);
                LogBootstrapped(log, clientId);
                return;
            }
            await store.Identity.UpdateClientAsync(client, ct);
        }
        await store.Identity.GrantAsync(new RoleGrant(WeftPrincipal.ClientPrefix + clientId, "*", "admin"), ct);
        if (options.BootstrapClientSecret is not { Length: > 0 })
        {
            // Printed once to the console for the operator, deliberately not through the logger: logs are kept and shipped.
            Console.WriteLine($"Weft: created the administrator client '{clientId}'. Its secret, shown only this once: {secret}");
        }
        LogBootstrapped(log, clientId);
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Users named in configuration (<c>Weft:Users:&lt;id&gt;:Name|Email|Roles|Attributes</c>) are created or updated; their passwords are left alone.</summary>
    private static async Task SeedUsersAsync(IConfigurationSection section, IWeftStore store, TimeProvider time, CancellationToken ct)
    {
        foreach (var u in section.GetChildren())
        {
            var attributes = new JsonObject();
            foreach (var a in u.GetSection("Attributes").GetChildren()) attributes[a.Key] = a.Value;
            var roles = u.GetSection("Roles").GetChildren().Select(r => r.Value).OfType<string>().ToList();
            if (roles.Count == 0 && u["Roles"] is { Length: > 0 } list)
                roles = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var existing = await store.Identity.GetUserAsync(u.Key, ct);
            var user = new StoredUser(u.Key, u["Name"], u["Email"], existing?.PasswordHash, roles, attributes, existing?.CreatedAt ?? time.GetUtcNow());
            if (existing is null) await store.Identity.CreateUserAsync(user, ct);
            else await store.Identity.UpdateUserAsync(user, ct);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Weft:Auth:Mode is open-loopback: every caller on this machine is a server administrator")]
    private static partial void LogOpenLoopback(ILogger log);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "No server administrator existed: created the client {ClientId} as one")]
    private static partial void LogBootstrapped(ILogger log, string clientId);
}

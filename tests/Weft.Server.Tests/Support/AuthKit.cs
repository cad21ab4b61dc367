using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>Helpers for the auth tests: clients with roles, their tokens, and tokens forged for the negative cases.</summary>
public static class AuthKit
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Creates a service client through the admin API, grants it <paramref name="roles"/> (namespace, role), and returns its secret.</summary>
    public static async Task<string> CreateClientAsync(this ServerProcess server, string clientId, IEnumerable<(string Ns, string Role)> roles, bool allowImpersonation = false, IReadOnlyList<string>? redirectUris = null)
    {
        var body = new JsonObject { ["clientId"] = clientId, ["allowImpersonation"] = allowImpersonation };
        if (redirectUris is not null) body["redirectUris"] = new JsonArray([.. redirectUris.Select(u => (JsonNode?)u)]);
        using var created = await server.Client.PostAsJsonAsync("/api/v1/admin/clients", body, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var secret = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["clientSecret"]!.GetValue<string>();
        foreach (var (ns, role) in roles)
        {
            using var granted = await server.Client.PutAsync($"/api/v1/admin/clients/{clientId}/roles/{Uri.EscapeDataString(ns)}/{role}", null, Ct);
            granted.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        return secret;
    }

    /// <summary>A client-credentials access token (client_secret_post).</summary>
    public static async Task<string> ClientTokenAsync(this ServerProcess server, string clientId, string secret)
    {
        using var response = await server.AnonymousClient.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    /// <summary>The server's newest signing key, read from its SQLite file (to forge tokens that only fail on one check).</summary>
    public static (string Kid, RSA Key) ServerSigningKey(string workDir) => ServerSigningKeyIn(Path.Combine(workDir, "data", "weft.db"));

    /// <summary>The newest signing key in the SQLite database at <paramref name="databasePath"/>.</summary>
    public static (string Kid, RSA Key) ServerSigningKeyIn(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT kid, private_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1";
        using var reader = cmd.ExecuteReader();
        reader.Read().ShouldBeTrue();
        var rsa = RSA.Create();
        rsa.ImportFromPem(reader.GetString(1));
        return (reader.GetString(0), rsa);
    }

    /// <summary>A token with the claims Weft issues, signed by <paramref name="key"/>, valid from <paramref name="issuedAt"/> for <paramref name="lifetime"/>.</summary>
    public static string Forge(string issuer, string kid, RSA key, IEnumerable<string> roles, DateTime issuedAt, TimeSpan lifetime, string principal = "client:forged") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "weft",
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = principal, ["principal"] = principal, ["client_id"] = "forged", ["roles"] = roles.ToArray() },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
}

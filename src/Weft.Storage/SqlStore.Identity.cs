using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore : IIdentityStore
{
    private sealed class KeyRow
    {
        public string kid { get; set; } = "";
        public string algorithm { get; set; } = "";
        public string private_key { get; set; } = "";
        public long created_at { get; set; }
        public long? retired_at { get; set; }

        public StoredSigningKey ToModel() => new(kid, algorithm, private_key, FromMs(created_at), retired_at is { } r ? FromMs(r) : null);
    }

    private sealed class ClientRow
    {
        public string client_id { get; set; } = "";
        public string secret_hash { get; set; } = "";
        public string name { get; set; } = "";
        public long allow_impersonation { get; set; }
        public string redirect_uris { get; set; } = "[]";
        public long created_at { get; set; }

        public StoredClient ToModel() => new(client_id, secret_hash, name, allow_impersonation != 0, JsonSerializer.Deserialize<List<string>>(redirect_uris) ?? [], FromMs(created_at));
    }

    private sealed class UserRow
    {
        public string id { get; set; } = "";
        public string? name { get; set; }
        public string? email { get; set; }
        public string? password_hash { get; set; }
        public string roles { get; set; } = "[]";
        public string attributes { get; set; } = "{}";
        public long created_at { get; set; }

        public StoredUser ToModel() => new(id, name, email, password_hash, JsonSerializer.Deserialize<List<string>>(roles) ?? [], JsonNode.Parse(attributes)!.AsObject(), FromMs(created_at));
    }

    private sealed class ApiTokenRow
    {
        public string id { get; set; } = "";
        public string token_hash { get; set; } = "";
        public string principal { get; set; } = "";
        public string name { get; set; } = "";
        public long created_at { get; set; }
        public long expires_at { get; set; }
        public long? revoked_at { get; set; }

        public StoredApiToken ToModel() => new(id, token_hash, principal, name, FromMs(created_at), FromMs(expires_at), revoked_at is { } r ? FromMs(r) : null);
    }

    private sealed class RefreshRow
    {
        public string token_hash { get; set; } = "";
        public string principal { get; set; } = "";
        public string client_id { get; set; } = "";
        public long expires_at { get; set; }
        public long? revoked_at { get; set; }
        public string? replaced_by { get; set; }

        public StoredRefreshToken ToModel() => new(token_hash, principal, client_id, FromMs(expires_at), revoked_at is { } r ? FromMs(r) : null, replaced_by);
    }

    private sealed class CodeRow
    {
        public string code_hash { get; set; } = "";
        public string client_id { get; set; } = "";
        public string user_id { get; set; } = "";
        public string redirect_uri { get; set; } = "";
        public string code_challenge { get; set; } = "";
        public long expires_at { get; set; }
        public long? used_at { get; set; }

        public StoredAuthCode ToModel() => new(code_hash, client_id, user_id, redirect_uri, code_challenge, FromMs(expires_at), used_at is { } u ? FromMs(u) : null);
    }

    private const string ClientColumns = "client_id, secret_hash, name, allow_impersonation, redirect_uris, created_at";
    private const string UserColumns = "id, name, email, password_hash, roles, attributes, created_at";
    private const string ApiTokenColumns = "id, token_hash, principal, name, created_at, expires_at, revoked_at";

    private static readonly string[] SearchedUserColumns = ["id", "name", "email"];

    public IIdentityStore Identity => this;

    private async Task<IReadOnlyList<T>> QueryListAsync<T>(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))];
    }

    private async Task<T?> QueryOneAsync<T>(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private async Task<int> ExecuteCountAsync(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private async Task<bool> InsertUniqueAsync(string sql, object args, CancellationToken ct) =>
        await ExecuteCountAsync(sql + " ON CONFLICT DO NOTHING", args, ct) == 1;

    async Task<IReadOnlyList<StoredSigningKey>> IIdentityStore.ListSigningKeysAsync(CancellationToken ct) =>
        [.. (await QueryListAsync<KeyRow>("SELECT kid, algorithm, private_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid", null, ct)).Select(r => r.ToModel())];

    Task IIdentityStore.AddSigningKeyAsync(StoredSigningKey key, CancellationToken ct) => ExecuteCountAsync(
        "INSERT INTO signing_keys (kid, algorithm, private_key, created_at, retired_at) VALUES (@kid, @algorithm, @pem, @created_at, NULL)",
        new { kid = key.Kid, algorithm = key.Algorithm, pem = key.PrivateKeyPem, created_at = Ms(key.CreatedAt) }, ct);

    Task IIdentityStore.RetireSigningKeysAsync(string keep, DateTimeOffset at, CancellationToken ct) => ExecuteCountAsync(
        "UPDATE signing_keys SET retired_at = @at WHERE kid <> @keep AND retired_at IS NULL", new { keep, at = Ms(at) }, ct);

    async Task<StoredClient?> IIdentityStore.GetClientAsync(string clientId, CancellationToken ct) =>
        (await QueryOneAsync<ClientRow>($"SELECT {ClientColumns} FROM clients WHERE client_id = @clientId", new { clientId }, ct))?.ToModel();

    Task<bool> IIdentityStore.CreateClientAsync(StoredClient client, CancellationToken ct) => InsertUniqueAsync(
        $"INSERT INTO clients ({ClientColumns}) VALUES (@client_id, @secret_hash, @name, @allow_impersonation, @redirect_uris, @created_at)", ClientArgs(client), ct);

    async Task<bool> IIdentityStore.UpdateClientAsync(StoredClient client, CancellationToken ct) => await ExecuteCountAsync(
        "UPDATE clients SET secret_hash = @secret_hash, name = @name, allow_impersonation = @allow_impersonation, redirect_uris = @redirect_uris WHERE client_id = @client_id",
        ClientArgs(client), ct) == 1;

    private static object ClientArgs(StoredClient c) => new
    {
        client_id = c.ClientId,
        secret_hash = c.SecretHash,
        name = c.Name,
        allow_impersonation = c.AllowImpersonation ? 1 : 0,
        redirect_uris = JsonSerializer.Serialize(c.RedirectUris),
        created_at = Ms(c.CreatedAt),
    };

    async Task<IReadOnlyList<StoredClient>> IIdentityStore.ListClientsAsync(CancellationToken ct) =>
        [.. (await QueryListAsync<ClientRow>($"SELECT {ClientColumns} FROM clients ORDER BY client_id", null, ct)).Select(r => r.ToModel())];

    async Task<bool> IIdentityStore.DeleteClientAsync(string clientId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var principal = "client:" + clientId;
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM clients WHERE client_id = @clientId", new { clientId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM role_grants WHERE principal = @principal", new { principal }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM api_tokens WHERE principal = @principal", new { principal }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM refresh_tokens WHERE client_id = @clientId OR principal = @principal", new { clientId, principal }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted == 1;
    }

    async Task<StoredUser?> IIdentityStore.GetUserAsync(string id, CancellationToken ct) =>
        (await QueryOneAsync<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, ct))?.ToModel();

    Task<bool> IIdentityStore.CreateUserAsync(StoredUser user, CancellationToken ct) => InsertUniqueAsync(
        $"INSERT INTO users ({UserColumns}) VALUES (@id, @name, @email, @password_hash, @roles, @attributes, @created_at)", UserArgs(user), ct);

    async Task<bool> IIdentityStore.UpdateUserAsync(StoredUser user, CancellationToken ct) => await ExecuteCountAsync(
        "UPDATE users SET name = @name, email = @email, password_hash = @password_hash, roles = @roles, attributes = @attributes WHERE id = @id", UserArgs(user), ct) == 1;

    private static object UserArgs(StoredUser u) => new
    {
        id = u.Id,
        name = u.Name,
        email = u.Email,
        password_hash = u.PasswordHash,
        roles = JsonSerializer.Serialize(u.Roles),
        attributes = u.Attributes.ToJsonString(),
        created_at = Ms(u.CreatedAt),
    };

    async Task<IReadOnlyList<StoredUser>> IIdentityStore.SearchUsersAsync(string? query, int limit, CancellationToken ct)
    {
        var contains = Provider == "postgres" ? "strpos(lower(COALESCE({0}, '')), @q) > 0" : "instr(lower(COALESCE({0}, '')), @q) > 0";
        var where = string.IsNullOrEmpty(query) ? "" :
            "WHERE " + string.Join(" OR ", SearchedUserColumns.Select(c => string.Format(System.Globalization.CultureInfo.InvariantCulture, contains, c)));
        var rows = await QueryListAsync<UserRow>($"SELECT {UserColumns} FROM users {where} ORDER BY id LIMIT @limit", new { q = query?.ToLowerInvariant(), limit }, ct);
        return [.. rows.Select(r => r.ToModel())];
    }

    async Task<IReadOnlyList<RoleGrant>> IIdentityStore.ListGrantsAsync(string principal, CancellationToken ct) =>
        await QueryListAsync<RoleGrant>("SELECT principal, namespace, role FROM role_grants WHERE principal = @principal ORDER BY namespace, role", new { principal }, ct);

    Task<bool> IIdentityStore.GrantAsync(RoleGrant grant, CancellationToken ct) => InsertUniqueAsync(
        "INSERT INTO role_grants (principal, namespace, role) VALUES (@Principal, @Namespace, @Role)", grant, ct);

    async Task<bool> IIdentityStore.RevokeGrantAsync(RoleGrant grant, CancellationToken ct) => await ExecuteCountAsync(
        "DELETE FROM role_grants WHERE principal = @Principal AND namespace = @Namespace AND role = @Role", grant, ct) == 1;

    async Task<bool> IIdentityStore.AnyServerAdminAsync(CancellationToken ct) =>
        (await QueryListAsync<string>("SELECT principal FROM role_grants WHERE namespace = '*' AND role = 'admin' LIMIT 1", null, ct)).Count > 0;

    Task IIdentityStore.CreateApiTokenAsync(StoredApiToken token, CancellationToken ct) => ExecuteCountAsync(
        $"INSERT INTO api_tokens ({ApiTokenColumns}) VALUES (@id, @token_hash, @principal, @name, @created_at, @expires_at, NULL)",
        new { id = token.Id, token_hash = token.TokenHash, principal = token.Principal, name = token.Name, created_at = Ms(token.CreatedAt), expires_at = Ms(token.ExpiresAt) }, ct);

    async Task<StoredApiToken?> IIdentityStore.FindApiTokenAsync(string tokenHash, CancellationToken ct) =>
        (await QueryOneAsync<ApiTokenRow>($"SELECT {ApiTokenColumns} FROM api_tokens WHERE token_hash = @tokenHash", new { tokenHash }, ct))?.ToModel();

    async Task<IReadOnlyList<StoredApiToken>> IIdentityStore.ListApiTokensAsync(string principal, CancellationToken ct) =>
        [.. (await QueryListAsync<ApiTokenRow>($"SELECT {ApiTokenColumns} FROM api_tokens WHERE principal = @principal ORDER BY created_at DESC, id", new { principal }, ct)).Select(r => r.ToModel())];

    async Task<bool> IIdentityStore.RevokeApiTokenAsync(string id, string principal, DateTimeOffset at, CancellationToken ct) => await ExecuteCountAsync(
        "UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND principal = @principal AND revoked_at IS NULL", new { id, principal, at = Ms(at) }, ct) == 1;

    Task IIdentityStore.CreateRefreshTokenAsync(StoredRefreshToken token, CancellationToken ct) => ExecuteCountAsync(
        "INSERT INTO refresh_tokens (token_hash, principal, client_id, expires_at, revoked_at, replaced_by) VALUES (@hash, @principal, @client_id, @expires_at, NULL, NULL)",
        new { hash = token.TokenHash, principal = token.Principal, client_id = token.ClientId, expires_at = Ms(token.ExpiresAt) }, ct);

    async Task<StoredRefreshToken?> IIdentityStore.RedeemRefreshTokenAsync(string tokenHash, string replacementHash, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await QueryListAsync<RefreshRow>(
            "UPDATE refresh_tokens SET replaced_by = @replacementHash WHERE token_hash = @tokenHash AND replaced_by IS NULL AND revoked_at IS NULL AND expires_at > @now " +
            "RETURNING token_hash, principal, client_id, expires_at, revoked_at, replaced_by", new { tokenHash, replacementHash, now = Ms(now) }, ct);
        return rows.Count == 0 ? null : rows[0].ToModel();
    }

    Task IIdentityStore.RevokeRefreshTokensAsync(string principal, DateTimeOffset at, CancellationToken ct) => ExecuteCountAsync(
        "UPDATE refresh_tokens SET revoked_at = @at WHERE principal = @principal AND revoked_at IS NULL", new { principal, at = Ms(at) }, ct);

    Task IIdentityStore.CreateAuthCodeAsync(StoredAuthCode code, CancellationToken ct) => ExecuteCountAsync(
        "INSERT INTO auth_codes (code_hash, client_id, user_id, redirect_uri, code_challenge, expires_at, used_at) VALUES (@hash, @client_id, @user_id, @redirect_uri, @challenge, @expires_at, NULL)",
        new { hash = code.CodeHash, client_id = code.ClientId, user_id = code.UserId, redirect_uri = code.RedirectUri, challenge = code.CodeChallenge, expires_at = Ms(code.ExpiresAt) }, ct);

    async Task<StoredAuthCode?> IIdentityStore.RedeemAuthCodeAsync(string codeHash, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await QueryListAsync<CodeRow>(
            "UPDATE auth_codes SET used_at = @now WHERE code_hash = @codeHash AND used_at IS NULL AND expires_at > @now " +
            "RETURNING code_hash, client_id, user_id, redirect_uri, code_challenge, expires_at, used_at", new { codeHash, now = Ms(now) }, ct);
        return rows.Count == 0 ? null : rows[0].ToModel();
    }
}

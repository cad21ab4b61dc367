namespace Weft.Core.Users;

/// <summary>Where users' task roles and attributes come from: the identity store (users seeded from <c>Weft:Users</c> or created through the admin API).</summary>
public interface IUserDirectory
{
    /// <summary>The user, or null when the directory does not know them.</summary>
    Task<UserInfo?> FindAsync(string id, CancellationToken ct);
}

namespace Weft.Core.Users;

/// <summary>
/// Where users' roles and attributes come from. For now the <c>Weft:Users</c> configuration section; the auth work
/// backs it with its user store.
/// </summary>
public interface IUserDirectory
{
    /// <summary>The user, or null when the directory does not know them.</summary>
    UserInfo? Find(string id);
}

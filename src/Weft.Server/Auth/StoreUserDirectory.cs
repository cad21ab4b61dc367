using Weft.Core.Storage;
using Weft.Core.Users;

namespace Weft.Server.Auth;

/// <summary>The user directory over the identity store's users.</summary>
internal sealed class StoreUserDirectory(IWeftStore store) : IUserDirectory
{
    public async Task<UserInfo?> FindAsync(string id, CancellationToken ct) =>
        await store.Identity.GetUserAsync(id, ct) is { } u ? new UserInfo(u.Id, u.Email, u.Name, u.Roles, u.Attributes) : null;
}

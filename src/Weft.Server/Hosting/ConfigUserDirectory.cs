using System.Text.Json.Nodes;
using Weft.Core.Users;

namespace Weft.Server.Hosting;

/// <summary>
/// Users from the <c>Weft:Users</c> configuration section: <c>Weft:Users:&lt;id&gt;:Email</c>, <c>:Name</c>,
/// <c>:Roles:0..n</c> and <c>:Attributes:&lt;name&gt;</c>. Replaced by the auth work's user store.
/// </summary>
internal sealed class ConfigUserDirectory(IConfiguration configuration) : IUserDirectory
{
    public UserInfo? Find(string id)
    {
        var section = configuration.GetSection("Weft:Users").GetChildren().FirstOrDefault(c => string.Equals(c.Key, id, StringComparison.Ordinal));
        if (section is null) return null;
        var attributes = new JsonObject();
        foreach (var a in section.GetSection("Attributes").GetChildren()) attributes[a.Key] = a.Value;
        var roles = section.GetSection("Roles").GetChildren().Select(r => r.Value).OfType<string>().ToList();
        if (roles.Count == 0 && section["Roles"] is { Length: > 0 } list)
            roles = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return new UserInfo(id, section["Email"], section["Name"], roles, attributes);
    }
}

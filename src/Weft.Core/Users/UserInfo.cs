using System.Text.Json.Nodes;

namespace Weft.Core.Users;

/// <summary>A user as tasks see them: id, roles and attributes (what <c>filter</c> assignments test).</summary>
public sealed record UserInfo(string Id, string? Email, string? Name, IReadOnlyList<string> Roles, JsonObject Attributes)
{
    /// <summary>The <c>user</c> object a filter expression reads.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["email"] = Email,
        ["name"] = Name,
        ["roles"] = new JsonArray([.. Roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
        ["attributes"] = Attributes.DeepClone(),
    };
}

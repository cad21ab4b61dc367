using System.Text.Json.Nodes;

namespace Weft.Contracts.Identity;

/// <summary>A user.</summary>
/// <param name="Id">Their id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="HasPassword">Whether they can sign in with a password.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Their attributes.</param>
/// <param name="NamespaceRoles">Their grants as <c>namespace:role</c>.</param>
public sealed record UserResponse(string Id, string? Name, string? Email, bool HasPassword, IReadOnlyList<string> Roles, JsonObject Attributes, IReadOnlyList<string> NamespaceRoles);

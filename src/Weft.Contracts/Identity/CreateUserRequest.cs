using System.Text.Json.Nodes;

namespace Weft.Contracts.Identity;

/// <summary>The body of <c>POST /api/v1/admin/users</c>.</summary>
/// <param name="Id">The user's id: 1 to 128 letters, digits, '.', '_', '@' or '-'.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Password">A password of at least 8 characters, for the sign-in page.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Free attributes, for task filters.</param>
public sealed record CreateUserRequest(string Id, string? Name = null, string? Email = null, string? Password = null, IReadOnlyList<string>? Roles = null, JsonObject? Attributes = null);

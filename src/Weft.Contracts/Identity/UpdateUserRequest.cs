using System.Text.Json.Nodes;

namespace Weft.Contracts.Identity;

/// <summary>The body of <c>PATCH /api/v1/admin/users/{id}</c>: fields left out stay as they are (null clears name or email).</summary>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Password">A new password; their refresh tokens are revoked.</param>
/// <param name="Roles">Their task roles.</param>
/// <param name="Attributes">Free attributes.</param>
public sealed record UpdateUserRequest(string? Name = null, string? Email = null, string? Password = null, IReadOnlyList<string>? Roles = null, JsonObject? Attributes = null);

namespace Weft.Contracts.Identity;

/// <summary>A role granted to a user or client in a namespace.</summary>
/// <param name="Principal"><c>user:id</c> or <c>client:id</c>.</param>
/// <param name="Namespace">The namespace, or <c>*</c>.</param>
/// <param name="Role">admin, operator, author, viewer or worker.</param>
public sealed record RoleGrantResponse(string Principal, string Namespace, string Role);

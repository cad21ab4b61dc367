namespace Weft.Contracts.Tasks;

/// <summary>Who may act on a task: exactly one of a user, a role, or a filter expression.</summary>
/// <param name="User">A user id.</param>
/// <param name="Role">A task role.</param>
/// <param name="Filter">An expression over the user, such as <c>${ user.attributes.dept == 'sales' }</c>.</param>
public sealed record TaskAssigneeResponse(string? User = null, string? Role = null, string? Filter = null);

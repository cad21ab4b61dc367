using Weft.Core.Expressions;
using Weft.Core.Tasks;

namespace Weft.Core.Definitions;

/// <summary><c>human</c>: a task for a person; the run waits until someone it is assigned to completes it with an action.</summary>
public sealed class HumanStep : StepDefinition
{
    public override string Kind => "human";

    public required Template Title { get; init; }

    public Template? Description { get; init; }

    public required TaskAssignment Assignment { get; init; }

    public IReadOnlyList<FormFieldDefinition> Form { get; init; } = [];

    public IReadOnlyList<string> Actions { get; init; } = ["approve", "reject"];

    /// <summary>How long the task may stay open before <see cref="Escalate"/> applies.</summary>
    public TimeSpan? Due { get; init; }

    public Escalation? Escalate { get; init; }

    public override IEnumerable<string> Jumps => Escalate?.Goto is { } g ? [g] : [];

    public override IEnumerable<Template> Templates =>
        base.Templates.Concat(new[] { Title, Description, Assignment.User, Assignment.Role, Assignment.Otherwise?.User, Assignment.Otherwise?.Role, Escalate?.User, Escalate?.Role }.OfType<Template>())
            .Concat(Form.Select(f => f.Default).OfType<Template>());
}

/// <summary>
/// Who a task is for: a user, a role, the run's initiator, or users a filter over <c>user</c> holds true for.
/// <see cref="Otherwise"/> (with <see cref="Initiator"/> only) is where the task goes when the run was started by a
/// service (a client-credentials token, which has no inbox): a user or a role.
/// </summary>
public sealed record TaskAssignment(Template? User, Template? Role, bool Initiator, string? Filter, TaskAssignment? Otherwise = null);

/// <summary>What happens when a task is still open at its due time: reassigned, and/or the run goes to another step.</summary>
public sealed record Escalation(Template? User, Template? Role, string? Goto);

/// <summary>A form field of a <c>human</c> step, with its default value (a template over the run).</summary>
public sealed record FormFieldDefinition(FormField Field, Template? Default);

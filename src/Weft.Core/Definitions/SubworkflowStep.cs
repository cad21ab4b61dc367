using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary><c>subworkflow</c>: starts a child run of another definition, waits for it and takes its output.</summary>
public sealed class SubworkflowStep : StepDefinition
{
    public override string Kind => "subworkflow";

    /// <summary>The child's definition name, in the parent's namespace.</summary>
    public required string Definition { get; init; }

    /// <summary>A pinned version; null for the latest version when the step starts.</summary>
    public int? Version { get; init; }

    /// <summary>The child's input object; null for none.</summary>
    public Template? Input { get; init; }

    public override IEnumerable<Template> Templates => Input is null ? base.Templates : base.Templates.Append(Input);
}

namespace Weft.Core.Dsl;

/// <summary>A definition refused at deploy, with every problem found.</summary>
public sealed class DefinitionException(IReadOnlyList<DefinitionProblem> problems, bool syntax)
    : Exception(problems.Count == 1 ? problems[0].Message : $"{problems.Count} problems in the definition")
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;

    /// <summary>True when the text did not parse as YAML or JSON at all (a 400); otherwise the model is wrong (a 422).</summary>
    public bool IsSyntax { get; } = syntax;
}

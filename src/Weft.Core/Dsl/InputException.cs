namespace Weft.Core.Dsl;

/// <summary>A run's input that does not fit the definition's typed input; every wrong field is listed.</summary>
public sealed class InputException(IReadOnlyList<DefinitionProblem> problems)
    : Exception(problems.Count == 1 ? problems[0].Message : $"{problems.Count} input fields are wrong")
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

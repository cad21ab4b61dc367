using Weft.Core.Dsl;

namespace Weft.Core.Services;

/// <summary>A request body with fields that do not fit (400); every wrong field is listed.</summary>
public sealed class FieldsException(IReadOnlyList<DefinitionProblem> problems)
    : Exception(problems.Count == 1 ? problems[0].Message : $"{problems.Count} fields are wrong: " + string.Join("; ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

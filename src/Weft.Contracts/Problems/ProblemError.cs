namespace Weft.Contracts.Problems;

/// <summary>One entry of a problem details' <c>errors</c> list: what is wrong, and where.</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">The line in the body or definition source (from 1), when known.</param>
/// <param name="Column">The column (from 1), when known.</param>
/// <param name="Step">The step at fault, when there is one.</param>
/// <param name="Field">The field at fault, when there is one.</param>
public sealed record ProblemError(string Message, int? Line, int? Column, string? Step, string? Field);

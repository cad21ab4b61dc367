namespace Weft.Core.Dsl;

/// <summary>One thing wrong with a definition: where (line and column, step and field) and what.</summary>
public sealed record DefinitionProblem(string Message, int? Line = null, int? Column = null, string? Step = null, string? Field = null);

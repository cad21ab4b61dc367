namespace Weft.Contracts.Runs;

/// <summary>The run and step that started a child run (a <c>subworkflow</c> step).</summary>
/// <param name="RunId">The parent run.</param>
/// <param name="Step">The parent's step.</param>
public sealed record ParentLink(string RunId, string Step);

namespace Weft.Contracts.Runs;

/// <summary>The run and step a rerun was made from.</summary>
/// <param name="RunId">The original run.</param>
/// <param name="Step">The step the rerun started at.</param>
public sealed record RerunLink(string RunId, string Step);

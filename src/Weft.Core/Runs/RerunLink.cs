namespace Weft.Core.Runs;

/// <summary>A rerun's origin: the run it reruns and the top-level step it started from.</summary>
public sealed record RerunLink(string RunId, string Step);

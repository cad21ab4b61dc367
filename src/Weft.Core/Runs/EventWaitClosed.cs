namespace Weft.Core.Runs;

/// <summary>An event step stops waiting without an event (its timeout fired): its wait row is deleted.</summary>
public sealed record EventWaitClosed(string RunId, string Step, int Attempt) : RunEffect;

using Weft.Core.Runs;

namespace Weft.Core.Tasks;

/// <summary>An open task of a step is closed without an action (its step escalated elsewhere).</summary>
public sealed record TaskCancelled(string RunId, string Step, int Attempt) : RunEffect;

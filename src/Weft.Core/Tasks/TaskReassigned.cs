using Weft.Core.Runs;

namespace Weft.Core.Tasks;

/// <summary>An open task of a step passed its due time and goes to another user or role (escalation).</summary>
public sealed record TaskReassigned(string RunId, string Step, int Attempt, string? User, string? Role) : RunEffect;

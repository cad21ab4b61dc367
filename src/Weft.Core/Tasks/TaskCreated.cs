using Weft.Core.Runs;

namespace Weft.Core.Tasks;

/// <summary>A <c>human</c> step opened a task: inserted in the checkpoint's transaction.</summary>
public sealed record TaskCreated(TaskRecord Task) : RunEffect;

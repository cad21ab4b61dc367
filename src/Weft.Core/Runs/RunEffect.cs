namespace Weft.Core.Runs;

/// <summary>
/// A row a checkpoint writes besides the run, its history and its work, in the same transaction: an event
/// subscription, a human task, an integration item, a child run. The store knows how to write each kind.
/// </summary>
public abstract record RunEffect;

/// <summary>
/// Steps that were waiting and are cancelled while the run goes on (the other branches of a parallel step that
/// failed or met its join, the iterations of a loop that failed): the store closes what each had open.
/// </summary>
public sealed record StepsCancelled(IReadOnlyList<string> Keys) : RunEffect;

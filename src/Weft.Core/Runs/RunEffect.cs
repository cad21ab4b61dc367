namespace Weft.Core.Runs;

/// <summary>
/// A row a checkpoint writes besides the run, its history and its work, in the same transaction: an event
/// subscription, a human task, an integration item, a child run. The store knows how to write each kind.
/// </summary>
public abstract record RunEffect;

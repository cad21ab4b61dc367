namespace Weft.Core.Runs;

/// <summary>
/// An event step starts waiting: the checkpoint stores the wait and, in the same transaction, consumes the oldest
/// kept, unexpired event that matches it (if any), deleting the wait again and adding a <see cref="WorkKind.Signal"/>
/// row <paramref name="SignalId"/> for the step.
/// </summary>
public sealed record EventWait(
    string Id,
    string Namespace,
    string Name,
    string Correlation,
    string RunId,
    string Step,
    int Attempt,
    string SignalId,
    DateTimeOffset CreatedAt) : RunEffect;

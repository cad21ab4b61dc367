namespace Weft.Core.Events;

/// <summary>What became of an event: the run it woke (<see cref="MatchedRun"/>), or kept until <see cref="KeptUntil"/>, or neither.</summary>
public sealed record PublishedEvent(string Id, string? MatchedRun, DateTimeOffset? KeptUntil);

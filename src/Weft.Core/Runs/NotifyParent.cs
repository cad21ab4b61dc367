using System.Text.Json.Nodes;

namespace Weft.Core.Runs;

/// <summary>
/// A child run ended: a <see cref="WorkKind.Signal"/> row for the parent's waiting step (its key and the attempt that
/// started the child), written with the child's final checkpoint. Its id is fixed by the child, so it is written once.
/// </summary>
public sealed record NotifyParent(string ParentRunId, string Step, int Attempt, DateTimeOffset DueAt, JsonObject Payload) : RunEffect;

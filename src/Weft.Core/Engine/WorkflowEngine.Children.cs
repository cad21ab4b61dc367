using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// The id of the child run a <c>subworkflow</c> step starts in one attempt: a name-based UUID (version 8) of the
    /// parent, the step key and the attempt, so a start that is run again after a crash finds its child already there.
    /// </summary>
    public static string ChildRunId(string parentRunId, string stepKey, int attempt)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{parentRunId}/{stepKey}/{attempt}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    /// <summary>A child run that ends tells its parent's waiting step, in the same transaction as its final checkpoint.</summary>
    private static void NotifyParent(AdvanceContext context)
    {
        var run = context.Run;
        if (run.ParentRunId is null || run.ParentStep is null || run.ParentAttempt is null) return;
        context.Effects.Add(new NotifyParent(run.ParentRunId, run.ParentStep, run.ParentAttempt.Value, context.Now, new JsonObject
        {
            ["childId"] = run.Id,
            ["status"] = run.Status.ToName(),
            ["output"] = run.Output?.DeepClone(),
            ["error"] = run.Error?.Message,
        }));
    }

    /// <summary>A <see cref="WorkKind.Cancel"/> row: the parent ended, so this run ends as if an operator terminated it.</summary>
    private static RunWrite CancelledByParent(RunRecord run, WorkItem item, DateTimeOffset now) => run.Status.IsFinal()
        ? new RunWrite(run, run.Version, [], [], item)
        : Terminate(run, now, item.Payload?["reason"]?.GetValue<string>() ?? "the parent run ended", "parent") with { Finished = item };

    /// <summary>
    /// The worker could not start the child a <c>subworkflow</c> step asked for: the step fails with this error.
    /// The start row is answered as the step's signal (it is awaited in the same way).
    /// </summary>
    public RunWrite ChildNotStarted(RunRecord run, Definitions.WorkflowDefinition definition, WorkItem item, DateTimeOffset now, string error) =>
        Advance(run, definition, item with { Kind = WorkKind.Signal, Payload = new JsonObject { ["startError"] = error } }, now);
}

using Weft.Core.Runs;

namespace Weft.Server.Api;

/// <summary>The run and step that started a child run (a <c>subworkflow</c> step).</summary>
public sealed record ParentLink(string RunId, string Step)
{
    public static ParentLink? Of(RunRecord r) => r.ParentRunId is null ? null : new ParentLink(r.ParentRunId, r.ParentStep ?? "");
}

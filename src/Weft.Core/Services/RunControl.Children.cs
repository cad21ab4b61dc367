using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Core.Services;

public sealed partial class RunControl
{
    private static readonly RunStatus[] Active = [RunStatus.Queued, RunStatus.Running, RunStatus.Waiting];

    /// <summary>
    /// Pauses every child run of <paramref name="id"/> that has not ended and is not paused, and their children, each
    /// marked as paused with its parent (a <c>RunPaused</c> event whose reason names the parent). A child that ends
    /// or is paused in between is passed over.
    /// </summary>
    private async Task PauseChildrenAsync(string ns, string id, string? by, CancellationToken ct)
    {
        foreach (var child in await ChildrenAsync(ns, id, Active, ct))
        {
            try
            {
                await ActAsync(ns, child, "pause", null, (run, _, now) =>
                {
                    if (run.Status == RunStatus.Paused || run.Status.IsFinal()) throw new ConflictException($"Run '{child}' is {run.Status.ToName()}.");
                    var write = WorkflowEngine.Pause(run, now, $"parent run {id} paused", by);
                    run.State.Control!.PausedWithParent = true;
                    return write;
                }, ct);
            }
            catch (ConflictException)
            {
                continue;
            }
            await PauseChildrenAsync(ns, child, by, ct);
        }
    }

    /// <summary>Resumes the child runs of <paramref name="id"/> that were paused with it, and their children.</summary>
    private async Task ResumeChildrenAsync(string ns, string id, string? by, CancellationToken ct)
    {
        foreach (var child in await ChildrenAsync(ns, id, [RunStatus.Paused], ct))
        {
            try
            {
                await ActAsync(ns, child, "resume", null, (run, _, now) =>
                {
                    if (run.Status != RunStatus.Paused || run.State.Control?.PausedWithParent != true)
                        throw new ConflictException($"Run '{child}' was not paused with its parent.");
                    return WorkflowEngine.Resume(run, now, $"parent run {id} resumed", by);
                }, ct);
            }
            catch (ConflictException)
            {
                continue;
            }
            await ResumeChildrenAsync(ns, child, by, ct);
        }
    }

    private async Task<List<string>> ChildrenAsync(string ns, string id, IReadOnlyList<RunStatus> statuses, CancellationToken ct)
    {
        var ids = new List<string>();
        RunCursor? after = null;
        do
        {
            var page = await runs.ListAsync(new RunQuery(ns, Statuses: statuses, Limit: 500, After: after, ParentRunId: id), ct);
            ids.AddRange(page.Runs.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);
        return ids;
    }
}

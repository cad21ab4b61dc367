using System.Text.Json.Nodes;
using Weft.Core.Tasks;

namespace Weft.Core.Storage;

/// <summary>Tasks for people and their files. Tasks of runs are inserted by checkpoints (<see cref="TaskCreated"/>).</summary>
public interface ITaskStore
{
    /// <summary>Stores a free-standing task (one that no run waits on) with its first files, in one transaction.</summary>
    Task<IReadOnlyList<TaskFileInfo>> CreateAsync(TaskRecord task, IReadOnlyList<NewTaskFile> files, CancellationToken ct);

    Task<TaskRecord?> GetAsync(string id, CancellationToken ct);

    /// <summary>The task with this number in the namespace (<see cref="TaskRecord.Number"/>), or null.</summary>
    Task<TaskRecord?> GetByNumberAsync(string ns, long number, CancellationToken ct);

    Task<TaskPage> ListAsync(TaskQuery query, CancellationToken ct);

    /// <summary>Stores new field values if the task is still open at <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateValuesAsync(string id, long expectedVersion, JsonObject values, CancellationToken ct);

    /// <summary>Makes <paramref name="user"/> the task's assignee (its role and filter dropped) if it is still open at <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> ClaimAsync(string id, long expectedVersion, string user, CancellationToken ct);

    /// <summary>
    /// Marks the task completed (status, values, action, by, time) if it is still open at <paramref name="expectedVersion"/>,
    /// and in the same transaction, for a run's task, stores the signal work row that resumes the step with
    /// <paramref name="signal"/> as its payload. False when another writer got there first.
    /// </summary>
    Task<bool> CompleteAsync(TaskRecord task, long expectedVersion, JsonObject? signal, CancellationToken ct);

    Task<TaskFileInfo> AddFileAsync(string taskId, string name, string contentType, byte[] content, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<TaskFileInfo>> ListFilesAsync(string taskId, CancellationToken ct);

    Task<(TaskFileInfo Info, byte[] Content)?> GetFileAsync(string taskId, string fileId, CancellationToken ct);
}

/// <summary>
/// Which tasks to list. <see cref="User"/> with <see cref="Roles"/> gives that user's inbox: tasks assigned to the user,
/// to one of the roles, or to a filter (which the caller then evaluates). Newest first, paged by <see cref="Cursor"/>.
/// </summary>
public sealed record TaskQuery(string? Namespace, string? RunId, string? Status, string? User, IReadOnlyList<string>? Roles, int Limit, string? Cursor);

public sealed record TaskPage(IReadOnlyList<TaskRecord> Items, string? NextCursor);

/// <summary>A file to attach to a task.</summary>
public sealed record NewTaskFile(string Name, string ContentType, byte[] Content);

using Weft.Core.Commands;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Weft.Core.Expressions;
using Weft.Core.Storage;
using Weft.Core.Tasks;
using Weft.Core.Users;
using Weft.Core.Workers;

using Weft.Core.Runs;

namespace Weft.Core.Services;

/// <summary>
/// Tasks for people: inboxes, field writes, completion (which resumes the waiting run in the same transaction) and
/// free-standing tasks with files. Who may act on a task: its user, members of its role, or users its filter holds true for.
/// </summary>
public sealed class TaskService(IWeftStore store, IWorkSignal due, ExpressionLimits limits, TimeProvider time)
{
    private const int MaxAttempts = 20;
    private readonly ConcurrentDictionary<string, Template> _filters = new(StringComparer.Ordinal);

    public async Task<TaskRecord> GetAsync(string id, CancellationToken ct) =>
        await store.Tasks.GetAsync(id, ct) ?? throw new NotFoundException($"No task '{id}'.");

    /// <summary>The task with this id, or this number (<see cref="NumberedIds"/>) in <paramref name="ns"/>.</summary>
    public async Task<TaskRecord> GetAsync(string ns, string idOrNumber, CancellationToken ct) =>
        (NumberedIds.IsNumber(idOrNumber, out var number) ? await store.Tasks.GetByNumberAsync(ns, number, ct) : await store.Tasks.GetAsync(idOrNumber, ct))
        ?? throw new NotFoundException(number > 0 ? $"No task number {number} in namespace '{ns}'." : $"No task '{idOrNumber}'.");

    /// <summary>Lists tasks; with <paramref name="inboxOf"/>, only those that user may act on.</summary>
    public async Task<TaskPage> ListAsync(string? ns, string? runId, string? status, UserInfo? inboxOf, int limit, string? cursor, CancellationToken ct)
    {
        var page = await store.Tasks.ListAsync(new TaskQuery(ns, runId, status, inboxOf?.Id, inboxOf?.Roles, limit, cursor), ct);
        if (inboxOf is null) return page;
        // Filter assignments are evaluated here, over the user: the store returned every filtered task as a candidate.
        return page with { Items = [.. page.Items.Where(t => MayAct(t, inboxOf))] };
    }

    /// <summary>True when <paramref name="user"/> is the task's user, holds its role, or matches its filter.</summary>
    public bool MayAct(TaskRecord task, UserInfo user)
    {
        if (task.AssigneeUser is not null && task.AssigneeUser == user.Id) return true;
        if (task.AssigneeRole is not null && user.Roles.Contains(task.AssigneeRole)) return true;
        if (task.AssigneeFilter is null) return false;
        try
        {
            var template = _filters.GetOrAdd(task.AssigneeFilter, Template.FromString);
            var sandbox = new ScriptSandbox(limits);
            sandbox.SetGlobal("user", user.ToJson());
            return template.Evaluate(sandbox) is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        }
        catch (Exception e) when (e is ExpressionException or ExpressionSyntaxException)
        {
            return false;
        }
    }

    /// <summary>Writes some of an open task's fields (type-checked; readonly fields refused).</summary>
    public async Task<TaskRecord> WriteFieldsAsync(string id, JsonObject values, UserInfo? caller, CancellationToken ct)
    {
        ValueLimits.Check(values, "the task's values");
        for (var attempt = 0; ; attempt++)
        {
            var task = await CheckActorAsync(id, caller, ct);
            var merged = Merge(task, values, allowReadonly: false);
            if (await store.Tasks.UpdateValuesAsync(id, task.Version, merged, ct))
            {
                task.Values = merged;
                task.Version++;
                return task;
            }
            if (attempt >= MaxAttempts) throw new ConflictException($"Task '{id}' kept changing; try again.");
        }
    }

    /// <summary>
    /// Completes an open task with one of its actions, the caller recorded as the one who did. For a run's task the
    /// signal that resumes its step is stored in the same transaction, and the worker is woken.
    /// </summary>
    public async Task<TaskRecord> CompleteAsync(string id, string? action, JsonObject? values, UserInfo? caller, CancellationToken ct)
    {
        ValueLimits.Check(values, "the task's values");
        for (var attempt = 0; ; attempt++)
        {
            var task = await CheckActorAsync(id, caller, ct);
            if (string.IsNullOrEmpty(action)) throw new UnprocessableException($"'action' is required: one of {string.Join(", ", task.Actions)}.", "action");
            if (!task.Actions.Contains(action)) throw new UnprocessableException($"'{action}' is not an action of this task (one of {string.Join(", ", task.Actions)}).", "action");
            var merged = values is null ? task.Values.DeepClone().AsObject() : Merge(task, values, allowReadonly: false);
            foreach (var f in task.Form.Where(f => f.Required && FormField.IsEmpty(merged[f.Key])))
                throw new UnprocessableException($"Field '{f.Key}' is required and empty.", "fields." + f.Key);
            var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
            var expected = task.Version;
            task.Values = merged;
            task.Status = TaskStates.Completed;
            task.Action = action;
            task.CompletedBy = caller!.Id;
            task.CompletedAt = now;
            var signal = task.RunId is null ? null : new JsonObject
            {
                ["taskId"] = task.Id,
                ["action"] = action,
                ["by"] = caller.Id,
                ["completedAt"] = now.ToString("O"),
                ["fields"] = merged.DeepClone(),
            };
            if (await store.Tasks.CompleteAsync(task, expected, signal, ct))
            {
                task.Version = expected + 1;
                if (signal is not null) due.Notify();
                return task;
            }
            if (attempt >= MaxAttempts) throw new ConflictException($"Task '{id}' kept changing; try again.");
        }
    }

    /// <summary>Checks and stores a task that no run waits on, with its first files (all or nothing).</summary>
    public async Task<(TaskRecord Task, IReadOnlyList<TaskFileInfo> Files)> CreateAsync(CreateTask create, CancellationToken ct)
    {
        if (!await store.Namespaces.ExistsAsync(create.Namespace, ct)) throw new NotFoundException($"No namespace '{create.Namespace}'.");
        var task = TaskValidation.Check(create, time.GetUtcNow());
        ValueLimits.Check(task.Values, "the task's values");
        return (task, await store.Tasks.CreateAsync(task, create.Files ?? [], ct));
    }

    /// <inheritdoc cref="CompleteAsync(string, string?, JsonObject?, UserInfo?, CancellationToken)"/>
    public Task<TaskRecord> CompleteAsync(CompleteTask complete, CancellationToken ct) =>
        CompleteAsync(complete.TaskId, complete.Action, complete.Fields, complete.Caller, ct);

    /// <summary>
    /// Takes an open task assigned to a role or a filter that the caller matches as the caller's own (its role and
    /// filter are dropped, so it leaves the others' inboxes). A task already the caller's is answered as it is;
    /// one assigned to another user is refused (409).
    /// </summary>
    public async Task<TaskRecord> ClaimAsync(ClaimTask claim, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var task = await CheckActorAsync(claim.TaskId, claim.Caller, ct);
            if (task.AssigneeUser == claim.Caller!.Id && task.AssigneeRole is null && task.AssigneeFilter is null) return task;
            if (task.AssigneeUser is not null) throw new ConflictException($"Task '{task.Id}' is assigned to user '{task.AssigneeUser}'; only a task for a role or a filter can be claimed.");
            if (await store.Tasks.ClaimAsync(task.Id, task.Version, claim.Caller.Id, ct))
            {
                task.AssigneeUser = claim.Caller.Id;
                task.AssigneeRole = null;
                task.AssigneeFilter = null;
                task.Version++;
                return task;
            }
            if (attempt >= MaxAttempts) throw new ConflictException($"Task '{task.Id}' kept changing; try again.");
        }
    }

    public async Task<TaskFileInfo> AddFileAsync(string id, string name, string contentType, byte[] content, UserInfo? caller, CancellationToken ct)
    {
        await CheckActorAsync(id, caller, ct);
        return await store.Tasks.AddFileAsync(id, name, contentType, content, time.GetUtcNow(), ct);
    }

    public async Task<IReadOnlyList<TaskFileInfo>> ListFilesAsync(string id, CancellationToken ct)
    {
        await GetAsync(id, ct);
        return await store.Tasks.ListFilesAsync(id, ct);
    }

    public async Task<(TaskFileInfo Info, byte[] Content)> GetFileAsync(string id, string fileId, CancellationToken ct)
    {
        await GetAsync(id, ct);
        return await store.Tasks.GetFileAsync(id, fileId, ct) ?? throw new NotFoundException($"No file '{fileId}' on task '{id}'.");
    }

    private async Task<TaskRecord> CheckActorAsync(string id, UserInfo? caller, CancellationToken ct)
    {
        var task = await GetAsync(id, ct);
        if (caller is null) throw new ForbiddenException("No caller: this needs a signed-in user.", unidentified: true);
        if (task.Status != TaskStates.Open) throw new ConflictException($"Task '{id}' is {task.Status}" + (task.CompletedBy is null ? "." : $" (by {task.CompletedBy}, action {task.Action})."));
        if (!MayAct(task, caller)) throw new ForbiddenException($"Task '{id}' is not assigned to '{caller.Id}'.");
        return task;
    }

    private static JsonObject Merge(TaskRecord task, JsonObject values, bool allowReadonly)
    {
        var merged = task.Values.DeepClone().AsObject();
        foreach (var (key, value) in values)
        {
            var field = task.Form.FirstOrDefault(f => f.Key == key)
                ?? throw new UnprocessableException($"'{key}' is not a field of this task.", "fields." + key);
            if (field.Readonly && !allowReadonly) throw new UnprocessableException($"Field '{key}' is readonly.", "fields." + key);
            if (field.Check(value) is { } problem) throw new UnprocessableException($"Field '{key}' {problem}.", "fields." + key);
            merged[key] = value?.DeepClone();
        }
        return merged;
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Services;
using Weft.Core.Tasks;
using Weft.Core.Users;
using Weft.Server.Auth;

namespace Weft.Server.Compat.WorkflowServerApi;

/// <summary>
/// The product's commands on Weft's human steps: a run that waits on a human step has that step's open task, and its
/// actions are the run's commands; executing one completes the task as the identity. Where the product answers a bare
/// false or an empty list, the answer says which rule refused (in <c>message</c>).
/// </summary>
internal static class WorkflowApiCommands
{
    private const int MaxTasks = 500;

    public static async Task<JsonObject> AvailableAsync(WorkflowApiCall call)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", WorkflowApiOperations.ProcessIdRequired);
        if (await RunExistsAsync(call, processId) is { } missing) return missing;
        var (identity, refused) = await IdentityAsync(call, required: false);
        if (refused is not null) return refused;
        var tasks = call.Service<TaskService>();
        var open = (await tasks.ListAsync(call.Namespace, processId, TaskStates.Open, null, MaxTasks, null, call.Ct)).Items;
        var commands = new JsonArray();
        var reasons = new List<string>();
        foreach (var task in open)
        {
            if (identity is not null && !tasks.MayAct(task, identity))
            {
                reasons.Add($"step '{task.Step}' is assigned to {Assignee(task)}, and '{identity.Id}' is not {(task.AssigneeUser is not null ? "that user" : task.AssigneeRole is not null ? "in that role" : "matched by it")}");
                continue;
            }
            foreach (var action in task.Actions) commands.Add(Command(task, action));
        }
        string? message = null;
        if (commands.Count == 0)
            message = open.Count == 0 ? "The process waits on no human step, so it has no commands now." : "No command for this identity: " + string.Join("; ", reasons) + ".";
        return Envelope.Success(commands, message);
    }

    public static async Task<JsonObject> ExecuteAsync(WorkflowApiCall call)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", WorkflowApiOperations.ProcessIdRequired);
        if (call.Parameters.Text("command") is not { } command) return Envelope.Failure("ArgumentException", "Parameter 'command' is required and must be string!");
        if (await RunExistsAsync(call, processId) is { } missing) return missing;
        var (identity, refused) = await IdentityAsync(call, required: true);
        if (refused is not null) return refused;
        var tasks = call.Service<TaskService>();
        var open = (await tasks.ListAsync(call.Namespace, processId, TaskStates.Open, null, MaxTasks, null, call.Ct)).Items;
        var task = open.FirstOrDefault(t => t.Actions.Contains(command, StringComparer.Ordinal))
            ?? open.FirstOrDefault(t => t.Actions.Contains(command, StringComparer.OrdinalIgnoreCase));
        if (task is null)
        {
            var available = open.SelectMany(t => t.Actions).Distinct().ToList();
            return Envelope.Failure("CommandNotFoundException", $"The command {command} is not found! " + (available.Count == 0
                ? "The process waits on no human step."
                : $"The process's commands now: {string.Join(", ", available)}."));
        }
        if (!tasks.MayAct(task, identity!))
            return Envelope.Failure("CommandNotAllowedException", $"'{identity!.Id}' may not execute {command}: step '{task.Step}' is assigned to {Assignee(task)}.");
        var (values, problem) = call.Parameters.NamedValues("parameters");
        if (problem is not null) return Envelope.Failure("ArgumentException", problem);
        JsonObject? fields = null;
        foreach (var (key, value) in values ?? [])
        {
            fields ??= [];
            fields[key] = value; // a name given twice: the last value, as a form would have it
        }
        var action = task.Actions.First(a => string.Equals(a, command, StringComparison.OrdinalIgnoreCase));
        await tasks.CompleteAsync(task.Id, task.Actions.Contains(command) ? command : action, fields, identity, call.Ct);
        var run = await call.Service<RunService>().GetAsync(call.Namespace, processId, call.Ct);
        var info = WorkflowApiPayloads.ProcessInfo(run, withSteps: false);
        info.Remove("InstanceStatus");
        return Envelope.Success(new JsonObject { ["WasExecuted"] = true, ["ProcessInstance"] = info });
    }

    public static async Task<JsonObject> InboxAsync(WorkflowApiCall call)
    {
        var (identity, refused) = await IdentityAsync(call, required: true);
        if (refused is not null) return refused;
        var page = await call.Service<TaskService>().ListAsync(call.Namespace, call.ProcessId, TaskStates.Open, identity, MaxTasks, null, call.Ct);
        return Envelope.Success(new JsonArray([.. page.Items.Where(t => t.RunId is not null).Select(t => (JsonNode?)new JsonObject
        {
            ["ProcessId"] = t.RunId,
            ["IdentityId"] = identity!.Id,
        })]), page.NextCursor is null ? null : $"The first {MaxTasks} items.");
    }

    public static async Task<JsonObject> OutboxAsync(WorkflowApiCall call)
    {
        var (identity, refused) = await IdentityAsync(call, required: true);
        if (refused is not null) return refused;
        var tasks = call.Service<TaskService>();
        var items = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await tasks.ListAsync(call.Namespace, call.ProcessId, TaskStates.Completed, null, MaxTasks, cursor, call.Ct);
            foreach (var t in page.Items.Where(t => t.RunId is not null && t.CompletedBy == identity!.Id && seen.Add(t.RunId)))
                items.Add(new JsonObject { ["ProcessId"] = t.RunId, ["ExecutorIdentityId"] = identity!.Id });
            cursor = page.NextCursor;
            if (cursor is null) break;
        }
        return Envelope.Success(items, cursor is null ? null : $"The processes among the first {20 * MaxTasks} completed tasks.");
    }

    /// <summary>
    /// Who acts: <c>identityId</c> (or <c>impersonatedIdentityId</c>, which the product acts as), a user Weft knows. A
    /// caller that administers the namespace (the API access token does) may name anyone, as the product lets its
    /// callers; anyone else may name only themselves. Without one, a signed-in user acts as themselves.
    /// </summary>
    private static async Task<(UserInfo? Identity, JsonObject? Refused)> IdentityAsync(WorkflowApiCall call, bool required)
    {
        var named = call.Parameters.Text("impersonatedIdentityId") ?? call.Parameters.Text("identityId");
        var principal = CallerContext.Principal(call.Http);
        if (named is null)
        {
            if (principal?.IsUser == true && CallerContext.Caller(call.Http) is { } self) return (self, null);
            return required ? (null, Envelope.Failure("ArgumentException", "Parameter 'identityId' is required: the user who acts (the caller is a client, not a user).")) : (null, null);
        }
        if (principal is null || (!principal.Holds(call.Namespace, NamespaceRole.Admin) && !(principal.IsUser && principal.CallerId == named)))
            return (null, Envelope.Failure("ForbiddenException", $"Only an admin of namespace '{call.Namespace}' (such as the API access token) may act as another identity than its own ('{named}')."));
        var user = await call.Service<IUserDirectory>().FindAsync(named, call.Ct);
        return user is null ? (null, Envelope.Failure("UserNotFoundException", $"No user '{named}' in Weft's users.")) : (user, null);
    }

    private static async Task<JsonObject?> RunExistsAsync(WorkflowApiCall call, string processId)
    {
        try
        {
            await call.Service<RunService>().GetAsync(call.Namespace, processId, call.Ct);
            return null;
        }
        catch (NotFoundException)
        {
            return Envelope.Failure("ProcessNotFoundException", $"The process instance '{processId}' is not found in namespace '{call.Namespace}'.");
        }
    }

    private static string Assignee(TaskRecord task) =>
        task.AssigneeUser is { } u ? $"user '{u}'" : task.AssigneeRole is { } r ? $"role '{r}'" : $"the filter {task.AssigneeFilter}";

    /// <summary>The product's Command, for one action of a human step's task.</summary>
    private static JsonObject Command(TaskRecord task, string action) => new()
    {
        ["CommandName"] = action,
        ["LocalizedName"] = action,
        // The product's TransitionClassifier: 1 Direct, 2 Reverse (a rejecting action), 0 NotSpecified.
        ["Classifier"] = action is "reject" or "decline" or "deny" ? 2 : 1,
        ["IsForSubprocess"] = false,
        ["ValidForStateName"] = task.Step,
        ["ValidForActivityName"] = task.Step,
        ["ProcessId"] = task.RunId,
        ["Identities"] = new JsonArray([.. new[] { task.AssigneeUser }.OfType<string>().Select(u => (JsonNode?)JsonValue.Create(u))]),
        ["Parameters"] = new JsonArray([.. task.Form.Where(f => !f.Readonly).Select(f => (JsonNode?)new JsonObject
        {
            ["ParameterName"] = f.Key,
            ["LocalizedName"] = f.Label,
            ["TypeName"] = f.Type.ToString(),
            ["IsRequired"] = f.Required,
            ["DefaultValue"] = task.Values[f.Key]?.DeepClone(),
        })]),
    };
}

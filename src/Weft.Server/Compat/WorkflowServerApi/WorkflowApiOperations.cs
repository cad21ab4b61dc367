using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;

namespace Weft.Server.Compat.WorkflowServerApi;

/// <summary>The Workflow API's operations, each a mapping onto Weft's commands and services and back (docs/compat.md, section 001).</summary>
internal static class WorkflowApiOperations
{
    public const string ProcessIdRequired = "Parameter 'processid' is required and must be GUID! Use such URL format: workflowapi/{operation}/{processid}.";

    /// <summary>Operations of the product that this surface does not serve (yet), and why: the answer says so rather than pretending.</summary>
    private static readonly Dictionary<string, string> NotServed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["setparameter"] = "Weft changes a run's variables only through its own steps, events and task completions; setting one from outside is not served.",
        ["deleteinstance"] = "Weft keeps every run as its record (history, audit); deleting a process instance is not served. Terminate it through the native API instead.",
        ["deleteinstances"] = "Weft keeps every run as its record (history, audit); deleting process instances is not served. Terminate them through the native API instead.",
        ["updateinstance"] = "A Weft run stays on the definition version it started with; re-binding it to the current scheme is not served.",
        ["updateinstances"] = "A Weft run stays on the definition version it started with; re-binding it to the current scheme is not served.",
        ["getavailablestatetoset"] = "A Weft run moves only along its definition's steps; setting its state is not served, so there are no states to set. The native rerun starts a new run from a chosen step.",
        ["setstate"] = "A Weft run moves only along its definition's steps; setting its state is not served. The native rerun starts a new run from a chosen step.",
        ["inboxrecalc"] = "Weft's inbox is computed when asked, never cached, so there is nothing to recalculate.",
        ["getformbyflow"] = "Weft has no forms; a human step's task carries its fields in the native API.",
        ["loginfo"] = "Weft takes no log lines from clients.",
        ["logerror"] = "Weft takes no log lines from clients.",
        ["logdebug"] = "Weft takes no log lines from clients.",
    };

    /// <summary>Operations of the product this surface is to serve but does not yet (issue 16).</summary>
    private static readonly HashSet<string> NotYet = new(StringComparer.OrdinalIgnoreCase)
    {
        "getusers", "createuser", "updateuser", "deleteuser", "addusertorole", "removeuserfromrole", "deletecredential",
        "start", "stop", "isactive",
    };

    public static async Task<JsonObject> RunAsync(string operation, WorkflowApiCall call) => operation switch
    {
        "createinstance" => await CreateInstanceAsync(call),
        "getinstanceinfo" => await WithRunAsync(call, run => Envelope.Success(WorkflowApiPayloads.ProcessInfo(run))),
        "isexistprocess" => await IsExistAsync(call),
        "getparameter" => await GetParameterAsync(call),
        "resume" => await ResumeAsync(call),
        "getschemelist" => await SchemeListAsync(call),
        "getinstances" => await InstancesAsync(call),
        "getavailablecommands" => await WorkflowApiCommands.AvailableAsync(call),
        "executecommand" => await WorkflowApiCommands.ExecuteAsync(call),
        "inbox" => await WorkflowApiCommands.InboxAsync(call),
        "outbox" => await WorkflowApiCommands.OutboxAsync(call),
        _ when NotServed.TryGetValue(operation, out var why) => Envelope.Failure("NotSupportedException", why),
        _ when NotYet.Contains(operation) => Envelope.Failure("NotSupportedException", $"The operation '{operation}' is not served by Weft's Workflow API surface yet (issue 16)."),
        _ => Envelope.Failure("ArgumentException", $"The operation '{operation}' is not found! Use such URL format: workflowapi/{{operation}}."),
    };

    private static async Task<JsonObject> CreateInstanceAsync(WorkflowApiCall call)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", ProcessIdRequired);
        if (call.Parameters.Text("schemeCode") is not { } scheme) return Envelope.Failure("ArgumentException", "Parameter 'schemecode' is required!");
        if (await call.Service<IWeftStore>().Runs.GetAsync(processId, call.Ct) is not null)
            return Envelope.Failure("ProcessAlreadyExistsException", $"The process instance '{processId}' already exists.");
        var definitions = call.Service<DefinitionService>();
        try
        {
            await definitions.GetAsync(call.Namespace, scheme, null, call.Ct);
        }
        catch (NotFoundException)
        {
            return Envelope.Failure("SchemeNotFoundException", $"The scheme '{scheme}' is not found!");
        }
        var (values, problem) = call.Parameters.NamedValues("parameters");
        if (problem is not null) return Envelope.Failure("ArgumentException", problem);
        var variables = values?.Select(v => new TypedVariable(v.Key, v.Value)).ToList();
        var tags = new Dictionary<string, string>();
        if (call.Parameters.Text("identityId") is { } identity) tags["identityId"] = identity;
        if (call.Parameters.Text("impersonatedIdentityId") is { } impersonated) tags["impersonatedIdentityId"] = impersonated;
        await call.Service<RunStarter>().StartAsync(new StartRun
        {
            Namespace = call.Namespace,
            Definition = scheme,
            RunId = processId,
            Input = [],
            Variables = variables,
            Tags = tags,
            Initiator = call.CallerId,
            ActingClient = Api.Caller.ActingClient(call.Http),
        }, call.Ct);
        return Envelope.Success(null);
    }

    private static async Task<JsonObject> WithRunAsync(WorkflowApiCall call, Func<RunRecord, JsonObject> answer)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", ProcessIdRequired);
        try
        {
            return answer(await call.Service<RunService>().GetAsync(call.Namespace, processId, call.Ct));
        }
        catch (NotFoundException)
        {
            return Envelope.Failure("ProcessNotFoundException", $"The process instance '{processId}' is not found in namespace '{call.Namespace}'.");
        }
    }

    private static async Task<JsonObject> IsExistAsync(WorkflowApiCall call)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", ProcessIdRequired);
        try
        {
            await call.Service<RunService>().GetAsync(call.Namespace, processId, call.Ct);
            return Envelope.Success(true);
        }
        catch (NotFoundException)
        {
            return Envelope.Success(false);
        }
    }

    private static Task<JsonObject> GetParameterAsync(WorkflowApiCall call)
    {
        if (call.Parameters.Text("parameter") is not { } name)
            return Task.FromResult(Envelope.Failure("ArgumentException", "Parameter 'parameter' is required! It is the name of the process parameter."));
        return WithRunAsync(call, run => Envelope.Success(run.State.Vars.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : null,
            run.State.Vars.ContainsKey(name) ? null : $"The process has no parameter '{name}'."));
    }

    private static async Task<JsonObject> ResumeAsync(WorkflowApiCall call)
    {
        if (call.ProcessId is not { } processId) return Envelope.Failure("ArgumentException", ProcessIdRequired);
        if (call.Parameters.Text("activity") is { } activity)
            return Envelope.Failure("NotSupportedException", $"Weft resumes a run where it stood; resuming from another activity ('{activity}') is not served.");
        RunRecord run;
        try
        {
            run = await call.Service<RunService>().GetAsync(call.Namespace, processId, call.Ct);
        }
        catch (NotFoundException)
        {
            return Envelope.Failure("ProcessNotFoundException", $"The process instance '{processId}' is not found in namespace '{call.Namespace}'.");
        }
        // A paused run resumes where it stood; a failed or timed-out one goes on from its failed step (the native retry).
        var action = run.Status is RunStatus.Failed or RunStatus.TimedOut ? RunAction.Retry : RunAction.Resume;
        await call.Service<RunControl>().ApplyAsync(new ControlRun(call.Namespace, processId, action, "workflowapi resume", call.CallerId), call.Ct);
        return Envelope.Success(null);
    }

    private static async Task<JsonObject> SchemeListAsync(WorkflowApiCall call)
    {
        var stored = await call.Service<DefinitionService>().ListAsync(call.Namespace, call.Ct);
        return Envelope.Success(new JsonArray([.. stored.Select(d => d.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]),
            call.Parameters.Text("tags") is null ? null : "Weft's definitions carry no tags: 'tags' is not applied.");
    }

    private static async Task<JsonObject> InstancesAsync(WorkflowApiCall call)
    {
        var p = call.Parameters;
        if (p.Int("take", 10) is not { } take || take is < 1 or > 500) return Envelope.Failure("ArgumentException", "Parameter 'take' must be a whole number from 1 to 500.");
        if (p.Int("skip", 0) is not { } skip || skip < 0) return Envelope.Failure("ArgumentException", "Parameter 'skip' must be a whole number, 0 or more.");
        var statuses = new List<RunStatus>();
        foreach (var s in (p.Text("status") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!WorkflowApiPayloads.TryStatuses(s, out var matched))
                return Envelope.Failure("ArgumentException", $"Parameter 'status' has an unknown status '{s}' (0 Initialized, 1 Running, 2 Idled, 3 Finalized, 4 Terminated, 5 Error, by number or name).");
            statuses.AddRange(matched.Where(m => !statuses.Contains(m)));
        }
        var (sort, descending, sortProblem) = Sort(p.Text("sort"));
        if (sortProblem is not null) return Envelope.Failure("ArgumentException", sortProblem);
        DateTimeOffset? createdFrom, createdTo, changedFrom, changedTo;
        string? dateProblem;
        (createdFrom, dateProblem) = Date(p, "fromCreationDate");
        if (dateProblem is null) (createdTo, dateProblem) = Date(p, "toCreationDate"); else createdTo = null;
        if (dateProblem is null) (changedFrom, dateProblem) = Date(p, "fromLastTransitionDate"); else changedFrom = null;
        if (dateProblem is null) (changedTo, dateProblem) = Date(p, "toLastTransitionDate"); else changedTo = null;
        if (dateProblem is not null) return Envelope.Failure("ArgumentException", dateProblem);
        var page = await call.Service<RunService>().ListAsync(new RunQuery(call.Namespace, null, statuses, createdFrom, createdTo, descending, take)
        {
            UpdatedFrom = changedFrom,
            UpdatedTo = changedTo,
            Search = p.Text("search"),
            Sort = sort,
            Offset = skip,
        }, call.Ct);
        return Envelope.Success(new JsonArray([.. page.Runs.Select(r => (JsonNode?)WorkflowApiPayloads.ProcessInfo(r, withSteps: false))]),
            page.Total is { } total ? $"{total} instance(s) in all." : null);
    }

    /// <summary><c>sort</c> as <c>Field</c>, <c>Field asc|desc</c> or <c>Field:asc|desc</c>; fields CreationDate, LastTransitionDate, SchemeCode, InstanceStatus.</summary>
    private static (RunSort Sort, bool Descending, string? Problem) Sort(string? text)
    {
        if (text is null) return (RunSort.CreatedAt, true, null);
        var parts = text.Split([' ', ':', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        RunSort? sort = parts[0].ToLowerInvariant() switch
        {
            "creationdate" or "createdat" => RunSort.CreatedAt,
            "lasttransitiondate" or "updatedat" => RunSort.UpdatedAt,
            "schemecode" => RunSort.Definition,
            "instancestatus" or "status" => RunSort.Status,
            _ => null,
        };
        var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
        if (sort is null || parts.Length > 2 || direction is not ("asc" or "desc"))
            return (default, false, $"Parameter 'sort' '{text}' is not known: CreationDate, LastTransitionDate, SchemeCode or InstanceStatus, then asc or desc.");
        return (sort.Value, direction == "desc", null);
    }

    private static (DateTimeOffset? Value, string? Problem) Date(WorkflowApiParameters p, string name)
    {
        if (p.Text(name) is not { } text) return (null, null);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? (t, null)
            : (null, $"Parameter '{name}' must be a date and time (ISO 8601).");
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Tasks;
using Weft.Server.Api;
using Weft.Server.Auth;
using Weft.Server.FrontDoors;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>
/// Reference 000, "Web API for Workflow" (docs/compat.md, section 000): <c>/Workflow.WebAPI/api/workflow/...</c>. The
/// repository is the namespace (the body's <c>repository</c>, the query's <c>repo</c>), the workflow the definition's
/// name, the execution id the run's number, the execution details id the number of a run's open task. Errors are
/// problem details with the request's field; routes match case-insensitively (<c>api/Workflow/...</c> too).
/// </summary>
public static class WorkflowWebApiSurface
{
    public const string Prefix = "/Workflow.WebAPI/api/workflow";

    public static FrontDoor Door { get; } = new()
    {
        Name = "workflow-webapi",
        Namespace = NamespaceSources.FirstOf(NamespaceSources.Body("repository"), NamespaceSources.Query("repo")),
        Credentials = CredentialSources.Bearer,
        NamespaceMissing = http => ProblemMapping.Map(new InvalidFieldException($"'{RepoField(http)}' is required: the repository's name.", RepoField(http)))!,
    };

    public static RouteGroupBuilder MapWorkflowWebApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithFrontDoor(Door).WithTags("Workflow.WebAPI (reference 000)");
        group.MapPost("/execute", ExecuteAsync).WithName("WorkflowWebApiExecute").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Execute a workflow (its latest version unless 'version' is given); answers the execution id");
        group.MapPost("/executewithvariables", ExecuteWithVariablesAsync).WithName("WorkflowWebApiExecuteWithVariables").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Execute a workflow with typed variables and a data document (XML or JSON)");
        group.MapPost("/pause", (HttpRequest r, RunService runs, RunControl c, CancellationToken ct) => ControlAsync(r, runs, c, RunAction.Pause, ct))
            .WithName("WorkflowWebApiPause").RequireNamespaceRole(NamespaceRole.Operator).WithSummary("Pause an execution");
        group.MapPost("/resume", (HttpRequest r, RunService runs, RunControl c, CancellationToken ct) => ControlAsync(r, runs, c, RunAction.Resume, ct))
            .WithName("WorkflowWebApiResume").RequireNamespaceRole(NamespaceRole.Operator).WithSummary("Resume a paused execution");
        group.MapPost("/abort", (HttpRequest r, RunService runs, RunControl c, CancellationToken ct) => ControlAsync(r, runs, c, RunAction.Terminate, ct))
            .WithName("WorkflowWebApiAbort").RequireNamespaceRole(NamespaceRole.Operator).WithSummary("Abort an execution");
        group.MapPost("/resumeworkflowwitherrors", (HttpRequest r, RunService runs, RunControl c, CancellationToken ct) => ControlAsync(r, runs, c, RunAction.ResumeWithErrors, ct))
            .WithName("WorkflowWebApiResumeWithErrors").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("An execution finished with errors goes on after its failed activity");
        group.MapPost("/AlertEngine", AlertEngineAsync).WithName("WorkflowWebApiAlertEngine").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Complete a waiting human activity with its output (status Completed), or leave it waiting (Sleep)");
        group.MapGet("/status", StatusAsync).WithName("WorkflowWebApiStatus").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("An execution's status code and its activities' codes");
        group.MapGet("/lastinstance", LastInstanceAsync).WithName("WorkflowWebApiLastInstance").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("The execution id and status of a workflow's most recent execution");
        group.MapGet("/activityoutput", ActivityOutputAsync).WithName("WorkflowWebApiActivityOutput").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("An activity's output (activityname) or a variable's value (variablename) of an execution");
        return group;
    }

    private static async Task<IResult> ExecuteAsync(HttpRequest request, RunStarter starter, CancellationToken ct)
    {
        var body = await WebApiBody.ReadAsync(request, ct);
        var start = Start(request, body);
        return Answer(await StartAsync(request.HttpContext, starter, start, ct));
    }

    private static async Task<IResult> ExecuteWithVariablesAsync(HttpRequest request, RunStarter starter, CancellationToken ct)
    {
        var body = await WebApiBody.ReadAsync(request, ct);
        var variables = WebApiVariables.Read(body);
        if (WebApiBody.Field(body, "data") is { } data && WebApiData.Read(data) is { } document)
        {
            if (variables.Any(v => v.Name == WebApiData.VariableName))
                throw new InvalidFieldException($"Give the data document in 'data' or a variable named '{WebApiData.VariableName}', not both.", "data");
            variables.Add(new TypedVariable(WebApiData.VariableName, document));
        }
        if (WebApiBody.Field(body, "refreshtokeninfo") is { } refresh && refresh.GetValueKind() is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null))
            throw new InvalidFieldException("'refreshtokeninfo' must be an object (client id, client secret, refresh token).", "refreshtokeninfo");
        var start = Start(request, body) with { Variables = variables, VariablesFillInput = true };
        return Answer(await StartAsync(request.HttpContext, starter, start, ct));
    }

    private static StartRun Start(HttpRequest request, JsonObject body)
    {
        var ns = Namespace(request.HttpContext, "repository");
        var workflow = WebApiBody.RequiredText(body, "workflow");
        var user = WebApiBody.User(body);
        return new StartRun
        {
            Namespace = ns,
            Definition = workflow,
            Version = WebApiBody.Version(body),
            Initiator = Caller.From(request.HttpContext)?.Id,
            ActingClient = Caller.ActingClient(request.HttpContext),
            IdempotencyKey = RunControlApi.Key(request),
            Tags = user is null ? null : new Dictionary<string, string> { [UserTag] = user },
        };
    }

    /// <summary>The tag that keeps the body's <c>user</c> (<c>provider::name</c>) on the run, shown by the native API.</summary>
    public const string UserTag = "webapi.user";

    private static async Task<RunRecord> StartAsync(HttpContext http, RunStarter starter, StartRun start, CancellationToken ct)
    {
        try
        {
            return (await starter.StartAsync(start, ct)).Run;
        }
        catch (NotFoundException e) when (e.Field is null or "definition")
        {
            await RequireRepositoryAsync(http, start.Namespace, "repository", ct);
            throw new NotFoundException(e.Message, start.Version is not null && e.Message.StartsWith("No version", StringComparison.Ordinal) ? "version" : "workflow");
        }
        catch (InvalidFieldException e) when (e.Field is "definition")
        {
            throw new InvalidFieldException(e.Message.Replace("'definition'", "'workflow'", StringComparison.Ordinal), "workflow");
        }
        catch (InvalidFieldException e) when (e.Field is { } f && f.StartsWith("variables[", StringComparison.Ordinal) && start.Variables is { } vars
            && int.TryParse(f["variables[".Length..f.IndexOf(']', StringComparison.Ordinal)], out var i) && i < vars.Count)
        {
            throw new InvalidFieldException($"Variable '{vars[i].Name}': {e.Message}", e.Field);
        }
    }

    private static async Task<IResult> ControlAsync(HttpRequest request, RunService runs, RunControl control, RunAction action, CancellationToken ct)
    {
        var body = await WebApiBody.ReadAsync(request, ct);
        var ns = Namespace(request.HttpContext, "repository");
        var run = await RunOfWorkflowAsync(request.HttpContext, runs, ns, WebApiBody.RequiredText(body, "workflow"), WebApiBody.ExecutionId(body, "executionid"), ct);
        WebApiBody.User(body);
        var changed = await control.ApplyAsync(new ControlRun(ns, run.Id, action, By: Caller.From(request.HttpContext)?.Id, IdempotencyKey: RunControlApi.Key(request)), ct);
        return Answer(changed);
    }

    private static async Task<IResult> AlertEngineAsync(HttpRequest request, RunService runs, TaskService tasks, CancellationToken ct)
    {
        var body = await WebApiBody.ReadAsync(request, ct);
        var ns = Namespace(request.HttpContext, "repository");
        var workflow = WebApiBody.RequiredText(body, "workflow");
        var detailsId = WebApiBody.ExecutionId(body, "executiondetailsid");
        WebApiBody.User(body);
        var status = WebApiBody.RequiredText(body, "status");
        var task = await TaskAsync(request.HttpContext, tasks, ns, detailsId, ct);
        var run = await RunOfWorkflowAsync(request.HttpContext, runs, ns, workflow, null, ct, task.RunId);
        if (string.Equals(status, "Sleep", StringComparison.OrdinalIgnoreCase))
        {
            if (task.Status != TaskStates.Open) throw new ConflictException($"Activity {detailsId} ('{task.Step}') is not waiting: it is {task.Status}.");
            return Results.Json(new AlertAnswer(run.Number, detailsId, task.Step ?? "", "S"));
        }
        if (!string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidFieldException(
                WebApiStatus.ProductActivityWords.Contains(status, StringComparer.OrdinalIgnoreCase)
                    ? $"'status' '{status}' cannot be set through AlertEngine: give 'Completed' (with 'output') or 'Sleep'."
                    : $"'status' must be 'Completed' or 'Sleep', not '{status}'.",
                "status");
        }
        if (task.Status != TaskStates.Open) throw new ConflictException($"Activity {detailsId} ('{task.Step}') is not waiting: it is {task.Status}.");
        var (action, fields) = WebApiBody.Outcome(body, task);
        var done = await tasks.CompleteAsync(new CompleteTask(task.Id, action, fields, Caller.From(request.HttpContext)), ct);
        return Results.Json(new AlertAnswer(run.Number, detailsId, done.Step ?? "", "C"));
    }

    private static async Task<IResult> StatusAsync(HttpContext http, RunService runs, TaskService tasks, CancellationToken ct, string? executionid = null)
    {
        var ns = Namespace(http, "repo");
        var run = await RunAsync(http, runs, ns, WebApiBody.QueryId(executionid, "executionid"), ct);
        var open = await tasks.ListAsync(ns, run.Id, TaskStates.Open, null, 200, null, ct);
        var byStep = open.Items.Where(t => t.Step is not null).GroupBy(t => t.Step!).ToDictionary(g => g.Key, g => g.First().Number);
        var activities = run.State.Steps.Select(s => new ActivityAnswer(
            s.Key, WebApiStatus.Activity(s, run.Status), byStep.TryGetValue(s.Key, out var n) ? n : null)).ToList();
        return Results.Json(new StatusAnswer(run.Number, run.DefinitionName, run.DefinitionVersion, WebApiStatus.Workflow(run.Status), run.Id, activities));
    }

    private static async Task<IResult> LastInstanceAsync(HttpContext http, RunService runs, CancellationToken ct, string? workflow = null)
    {
        var ns = Namespace(http, "repo");
        if (string.IsNullOrWhiteSpace(workflow)) throw new InvalidFieldException("'workflow' is required: the workflow's name.", "workflow");
        RunPage page;
        try
        {
            page = await runs.ListAsync(new RunQuery(ns, workflow.Trim(), Limit: 1), ct);
        }
        catch (NotFoundException)
        {
            await RequireRepositoryAsync(http, ns, "repo", ct);
            throw;
        }
        var run = page.Runs.Count > 0 ? page.Runs[0] : throw new NotFoundException($"Workflow '{workflow}' has no execution in repository '{ns}'.", "workflow");
        return Answer(run);
    }

    private static async Task<IResult> ActivityOutputAsync(HttpContext http, RunService runs, CancellationToken ct, string? executionid = null, string? activityname = null, string? variablename = null)
    {
        var ns = Namespace(http, "repo");
        var run = await RunAsync(http, runs, ns, WebApiBody.QueryId(executionid, "executionid"), ct);
        var hasActivity = !string.IsNullOrEmpty(activityname);
        var hasVariable = !string.IsNullOrEmpty(variablename);
        if (hasActivity == hasVariable) throw new InvalidFieldException("Give one of 'activityname' (an activity's output) or 'variablename' (a variable's value).", hasActivity ? "variablename" : "activityname");
        if (hasActivity)
        {
            var step = run.State.Steps.LastOrDefault(s => s.Key == activityname) ?? run.State.Steps.LastOrDefault(s => string.Equals(s.Key, activityname, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException($"Execution {run.Number} has no activity '{activityname}' (it has not run, or the workflow has none).", "activityname");
            return Results.Json(new ActivityOutputAnswer(run.Number, step.Key, WebApiStatus.Activity(step, run.Status), step.Output?.DeepClone()));
        }
        var vars = run.State.Vars;
        var name = vars.ContainsKey(variablename!) ? variablename! : vars.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, variablename, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"Execution {run.Number} has no variable '{variablename}'.", "variablename");
        return Results.Json(new VariableAnswer(run.Number, name, vars[name]?.DeepClone()));
    }

    private static string Namespace(HttpContext http, string field) =>
        FrontDoor.NamespaceOf(http) ?? throw new InvalidFieldException($"'{field}' is required: the repository's name.", field);

    /// <summary>A 404 naming the repository field when the namespace does not exist (checked only once something was not found in it).</summary>
    private static async Task RequireRepositoryAsync(HttpContext http, string ns, string field, CancellationToken ct)
    {
        try
        {
            await http.RequestServices.GetRequiredService<DefinitionService>().RequireNamespaceAsync(ns, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException($"No repository '{ns}'.", field);
        }
    }

    private static string RepoField(HttpContext http) => HttpMethods.IsGet(http.Request.Method) ? "repo" : "repository";

    private static async Task<RunRecord> RunAsync(HttpContext http, RunService runs, string ns, long number, CancellationToken ct)
    {
        try
        {
            return await runs.GetAsync(ns, number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        catch (NotFoundException)
        {
            await RequireRepositoryAsync(http, ns, RepoField(http), ct);
            throw new NotFoundException($"Repository '{ns}' has no execution {number}.", "executionid");
        }
    }

    private static async Task<RunRecord> RunOfWorkflowAsync(HttpContext http, RunService runs, string ns, string workflow, long? number, CancellationToken ct, string? runId = null)
    {
        var run = number is { } n ? await RunAsync(http, runs, ns, n, ct) : await runs.GetAsync(ns, runId!, ct);
        if (!string.Equals(run.DefinitionName, workflow, StringComparison.Ordinal))
            throw new NotFoundException($"Execution {run.Number} is not an execution of workflow '{workflow}' (it is of '{run.DefinitionName}').", "workflow");
        return run;
    }

    private static async Task<TaskRecord> TaskAsync(HttpContext http, TaskService tasks, string ns, long number, CancellationToken ct)
    {
        try
        {
            var task = await tasks.GetAsync(ns, number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            return task.RunId is not null ? task : throw new NotFoundException("", null);
        }
        catch (NotFoundException)
        {
            await RequireRepositoryAsync(http, ns, "repository", ct);
            throw new NotFoundException($"Repository '{ns}' has no human activity with execution details id {number}.", "executiondetailsid");
        }
    }

    private static IResult Answer(RunRecord run) => Results.Json(new ExecutionAnswer(run.Number, WebApiStatus.Workflow(run.Status), run.Id));
}

using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>A block to run from a step: <paramref name="Scope"/> null for the top level.</summary>
internal sealed record Fiber(string? Scope, string Step, bool Fresh);

/// <summary>One advance of one run: the run, its definition, the clock, and what the checkpoint will write.</summary>
internal sealed partial class AdvanceContext(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, ExpressionLimits limits) : IDisposable
{
    private ScriptSandbox? _sandbox;
    private JsonNode? _result;

    public RunRecord Run { get; } = run;

    public WorkflowDefinition Definition { get; } = definition;

    public DateTimeOffset Now { get; } = now;

    public List<HistoryEvent> Events { get; } = [];

    public List<NewWork> Work { get; } = [];

    public bool ClearWork { get; set; }

    /// <summary>Rows besides run, history and work that the checkpoint writes (see <see cref="RunEffect"/>).</summary>
    public List<RunEffect> Effects { get; } = [];

    /// <summary>Blocks to run in this advance: the top level, branches and iterations, each from a step.</summary>
    public Queue<Fiber> Agenda { get; } = new();

    /// <summary>True once this advance has yielded and scheduled the next one.</summary>
    public bool Yielded { get; set; }

    private string? _scope;

    /// <summary>The scope whose expressions are evaluated now: <c>steps</c>, <c>item</c> and <c>index</c> follow it.</summary>
    public string? Scope
    {
        get => _scope;
        set
        {
            if (_scope == value) return;
            _scope = value;
            _sandbox?.Invalidate("steps");
            _sandbox?.Invalidate("item");
            _sandbox?.Invalidate("index");
        }
    }

    public void Record(string type, string? step, JsonObject? data = null)
    {
        if (_varsDelta is not null && type is HistoryEventTypes.StepCompleted or HistoryEventTypes.StepFailed) data = WithVarsDelta(data);
        Events.Add(new HistoryEvent(Run.State.NextSeq++, Now, type, step, data));
    }

    public NewWork Schedule(WorkKind kind, string? step, int attempt, DateTimeOffset due, JsonObject? payload = null)
    {
        var work = new NewWork(Guid.CreateVersion7(Now).ToString(), kind, step, attempt, due, payload, Claimed: due <= Now);
        Work.Add(work);
        return work;
    }

    /// <summary>Marks variables and step results as changed so expressions see the new values.</summary>
    public void StateChanged()
    {
        _sandbox?.Invalidate("vars");
        _sandbox?.Invalidate("steps");
    }

    /// <summary>Sets <c>result</c>, the step's raw result that output mappings and assignments read.</summary>
    public void SetResult(JsonNode? result)
    {
        _result = result;
        _sandbox?.Invalidate("result");
    }

    /// <summary>The sandbox; made on first use. Globals are converted only when an expression names them.</summary>
    public ScriptSandbox Sandbox => _sandbox ??= ScriptSandbox.Rent(limits, Global);

    /// <summary>Gives the sandbox back to the pool; the advance is over.</summary>
    public void Dispose()
    {
        _sandbox?.Return();
        _sandbox = null;
    }

    private JsonNode? Global(string name) => name switch
    {
        "input" => Run.Input,
        "vars" => Run.State.Vars,
        "steps" => StepsObject(),
        "run" => new JsonObject
        {
            ["id"] = Run.Id,
            ["namespace"] = Run.Namespace,
            ["definition"] = Run.DefinitionName,
            ["version"] = Run.DefinitionVersion,
            ["createdAt"] = Run.CreatedAt.ToString("O"),
        },
        "result" => _result,
        "subject" => Run.Subject,
        "item" => NearestIteration()?.Item,
        "index" => _index is { } forced ? JsonValue.Create(forced) : NearestIteration()?.Index is { } i ? JsonValue.Create(i) : null,
        _ => null,
    };

    /// <summary>The scopes in force: the current one and those it is nested in.</summary>
    private HashSet<string?> ScopeChain()
    {
        var chain = new HashSet<string?> { null };
        for (var s = _scope; s is not null; s = ScopeState.Parent(s)) chain.Add(s);
        return chain;
    }

    private ScopeState? NearestIteration()
    {
        for (var s = _scope; s is not null; s = ScopeState.Parent(s))
            if (Run.State.FindScope(s) is { Kind: "iteration" } scope) return scope;
        return null;
    }

    /// <summary>The steps seen from the current scope: top-level ones, and those of the branch or iteration it is in.</summary>
    private JsonObject StepsObject()
    {
        var chain = ScopeChain();
        var steps = new JsonObject();
        foreach (var s in Run.State.Steps)
            if (chain.Contains(s.Scope))
                steps[s.Id] = new JsonObject { ["output"] = s.Output?.DeepClone(), ["status"] = s.Status, ["error"] = s.Error, ["attempts"] = s.Attempts };
        return steps;
    }

    private int? _index;

    /// <summary>
    /// Evaluates a <c>while</c> condition, where <c>index</c> is the number of the iteration it decides on (the
    /// iterations run so far), though the condition is evaluated in the loop's own scope.
    /// </summary>
    public JsonNode? EvaluateAtIndex(Template template, int index)
    {
        _index = index;
        _sandbox?.Invalidate("index");
        try
        {
            return Evaluate(template);
        }
        finally
        {
            _index = null;
            _sandbox?.Invalidate("index");
        }
    }

    public JsonNode? Evaluate(Template template) => template.IsConstant ? template.Evaluate(null!) : template.Evaluate(Sandbox);
}

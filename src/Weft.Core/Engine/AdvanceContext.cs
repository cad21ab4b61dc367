using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>One advance of one run: the run, its definition, the clock, and what the checkpoint will write.</summary>
internal sealed class AdvanceContext(RunRecord run, WorkflowDefinition definition, DateTimeOffset now, ExpressionLimits limits)
{
    private ScriptSandbox? _sandbox;
    private bool _stateDirty = true;

    public RunRecord Run { get; } = run;

    public WorkflowDefinition Definition { get; } = definition;

    public DateTimeOffset Now { get; } = now;

    public List<HistoryEvent> Events { get; } = [];

    public List<NewWork> Work { get; } = [];

    public bool ClearWork { get; set; }

    public void Record(string type, string? step, JsonObject? data = null) =>
        Events.Add(new HistoryEvent(Run.State.NextSeq++, Now, type, step, data));

    public NewWork Schedule(WorkKind kind, string? step, int attempt, DateTimeOffset due, JsonObject? payload = null)
    {
        var work = new NewWork(Guid.CreateVersion7(Now).ToString(), kind, step, attempt, due, payload, Claimed: due <= Now);
        Work.Add(work);
        return work;
    }

    /// <summary>Marks variables or step results as changed so expressions see the new values.</summary>
    public void StateChanged() => _stateDirty = true;

    /// <summary>The sandbox with input, vars, steps and run set as globals; made on first use.</summary>
    public ScriptSandbox Sandbox
    {
        get
        {
            if (_sandbox is null)
            {
                _sandbox = new ScriptSandbox(limits);
                _sandbox.SetGlobal("input", Run.Input);
                _sandbox.SetGlobal("run", new JsonObject
                {
                    ["id"] = Run.Id,
                    ["namespace"] = Run.Namespace,
                    ["definition"] = Run.DefinitionName,
                    ["version"] = Run.DefinitionVersion,
                    ["createdAt"] = Run.CreatedAt.ToString("O"),
                });
            }
            if (_stateDirty)
            {
                _sandbox.SetGlobal("vars", Run.State.Vars);
                var steps = new JsonObject();
                foreach (var s in Run.State.Steps)
                    steps[s.Id] = new JsonObject { ["output"] = s.Output?.DeepClone(), ["status"] = s.Status, ["error"] = s.Error, ["attempts"] = s.Attempts };
                _sandbox.SetGlobal("steps", steps);
                _stateDirty = false;
            }
            return _sandbox;
        }
    }

    public JsonNode? Evaluate(Template template) => template.IsConstant ? template.Evaluate(null!) : template.Evaluate(Sandbox);
}

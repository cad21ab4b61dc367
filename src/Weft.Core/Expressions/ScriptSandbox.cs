using System.Text.Json.Nodes;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Debugger;

namespace Weft.Core.Expressions;

/// <summary>
/// One Jint engine for the evaluations of one run advance. No CLR access; every evaluation is bounded in
/// time, statements, recursion depth and allocated bytes. A fresh engine per advance keeps one run's
/// scripts from leaving anything behind for another's.
/// </summary>
public sealed class ScriptSandbox
{
    private readonly JsEngine _engine;
    private readonly Jint.Options _options;
    private readonly ExpressionLimits _limits;
    private readonly Func<string, JsonNode?>? _supply;
    private readonly HashSet<string> _current = new(StringComparer.Ordinal);
    private long _allocationBudgetEnd;

    private const long DebugBookkeepingBytes = 512;
    private const long DebugBookkeepingBytesPerBinding = 128;

    /// <param name="limits">Bounds on each evaluation.</param>
    /// <param name="supply">Gives a global's value by name, asked for when an expression names a global that is not current.</param>
    public ScriptSandbox(ExpressionLimits limits, Func<string, JsonNode?>? supply = null)
    {
        _limits = limits;
        _supply = supply;
        Jint.Options? options = null;
        _engine = new JsEngine(o => options = o
            .TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursion)
            .Strict(false)
            .DebugMode(true));
        _options = options!;
        _engine.Step += OnStep;
    }

    private StepMode OnStep(object sender, DebugInformation info)
    {
        // Debug mode, which raises this event, allocates on every statement: it copies each visible binding into
        // info.Locals and info.Globals (measured: about 300 bytes plus 105 per binding). That is not the script's
        // memory, so the budget grows by it; otherwise a plain loop of a few thousand statements counts as a memory bomb.
        _allocationBudgetEnd += DebugBookkeepingBytes + DebugBookkeepingBytesPerBinding * ((info.Locals?.Count ?? 0) + (info.Globals?.Count ?? 0));
        if (GC.GetAllocatedBytesForCurrentThread() > _allocationBudgetEnd)
            throw new ExpressionException($"the expression used more than {_limits.MaxAllocatedBytes / (1024 * 1024)} MB of memory");
        return StepMode.Into;
    }

    /// <summary>Sets a global variable the expressions see (input, vars, steps, run, result...).</summary>
    public void SetGlobal(string name, JsonNode? value)
    {
        _engine.SetValue(name, JsonJs.ToJs(_engine, value));
        _current.Add(name);
    }

    /// <summary>Marks a supplied global as changed: it is converted again before the next expression that names it.</summary>
    public void Invalidate(string name) => _current.Remove(name);

    /// <summary>Reads a global back, after a script may have changed it.</summary>
    public JsonNode? GetGlobal(string name) => JsonJs.FromJs(_engine.GetValue(name));

    public JsonNode? Evaluate(CompiledExpression expression)
    {
        if (_supply is not null)
        {
            foreach (var name in expression.Globals)
                if (!_current.Contains(name)) SetGlobal(name, _supply(name));
        }
        // The memory watch rides on debug mode's per-statement hook; a bounded expression does not need it.
        _options.DebugMode(!expression.Bounded);
        _engine.ResetStatementsCount();
        _engine.ResetTimeoutTicks();
        _engine.ResetCallStack();
        _allocationBudgetEnd = GC.GetAllocatedBytesForCurrentThread() + _limits.MaxAllocatedBytes;
        try
        {
            var completion = _engine.Execute(expression.Program).GetCompletionValue();
            return JsonJs.FromJs(completion);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"{Describe(e.Error)} (line {e.LineNumber}, column {e.Column})", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"the expression ran more than {_limits.MaxStatements} statements", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"the expression recursed deeper than {_limits.MaxRecursion} calls", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"the expression ran longer than {_limits.Timeout.TotalMilliseconds} ms", e);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or IndexOutOfRangeException or NullReferenceException or OutOfMemoryException or InsufficientExecutionStackException)
        {
            throw new ExpressionException("the expression failed: " + e.Message, e);
        }
    }

    private static string Describe(JsValue error)
    {
        if (error.IsObject())
        {
            var o = error.AsObject();
            var message = o.Get("message");
            var name = o.Get("name");
            if (!message.IsUndefined()) return (name.IsUndefined() ? "Error" : name.ToString()) + ": " + message;
        }
        return error.ToString();
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Debugger;

namespace Weft.Core.Expressions;

/// <summary>
/// One Jint engine for the evaluations of one run advance. No CLR access; every evaluation is bounded in
/// time, statements, recursion depth and allocated bytes. Engines are costly to build (a third of a short
/// run's CPU), so advances rent them from a pool (<see cref="Rent"/>, <see cref="Return"/>). Nothing one run's
/// scripts do is seen by another's: the built-in objects are frozen when the engine is built, and on return
/// every global the run added is deleted; an engine whose globals cannot be put back is dropped, not pooled.
/// </summary>
public sealed class ScriptSandbox
{
    private const int PoolSize = 32;
    private static readonly ConcurrentDictionary<(TimeSpan, int, int, long), Pool> Pools = new();

    /// <summary>
    /// Idle sandboxes for one set of limits, with their count kept beside them (a ConcurrentBag's Count locks every
    /// thread's list, and every return asked for it).
    /// </summary>
    private sealed class Pool
    {
        private readonly ConcurrentQueue<ScriptSandbox> _idle = new();
        private int _count;

        public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScriptSandbox? sandbox)
        {
            if (!_idle.TryDequeue(out sandbox)) return false;
            Interlocked.Decrement(ref _count);
            return true;
        }

        public void Give(ScriptSandbox sandbox)
        {
            if (Interlocked.Increment(ref _count) > PoolSize)
            {
                Interlocked.Decrement(ref _count);
                return;
            }
            _idle.Enqueue(sandbox);
        }
    }

    private readonly JsEngine _engine;
    private readonly Jint.Options _options;
    private readonly ExpressionLimits _limits;
    private readonly HashSet<string> _baseline;
    private readonly List<(ObjectInstance Prototype, JsValue Name, JsValue Message)> _errorPrototypes = [];
    private Func<string, JsonNode?>? _supply;
    private readonly HashSet<string> _current = new(StringComparer.Ordinal);
    private long _allocationBudgetEnd;
    private readonly ConditionalWeakTable<CompiledExpression, ICallable> _wrappers = new();

    /// <summary>
    /// Freezes every built-in (constructors, their prototypes, Math, JSON) and makes the global bindings to them
    /// read-only, so no script can change what a later one sees. In sloppy mode a write to a frozen object is
    /// silently ignored, as in any hardened JavaScript realm.
    /// </summary>
    private const string Harden = """
        (function (g) {
          var errors = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
          var names = Object.getOwnPropertyNames(g);
          for (var i = 0; i < names.length; i++) {
            var v = g[names[i]];
            if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
              if (errors.indexOf(names[i]) >= 0) {
                // An error's own name and message shadow the prototype's: those two stay writable (or every
                // new Error('...') would lose its message) and are put back when the sandbox is returned.
                var keys = Object.getOwnPropertyNames(v.prototype);
                for (var k = 0; k < keys.length; k++)
                  Object.defineProperty(v.prototype, keys[k], { configurable: false, writable: keys[k] === 'name' || keys[k] === 'message' });
                Object.preventExtensions(v.prototype);
              } else if (typeof v === 'function' && v.prototype) {
                Object.freeze(v.prototype);
              }
              Object.freeze(v);
            }
            Object.defineProperty(g, names[i], { writable: false, configurable: false });
          }
          Object.freeze(Object.getPrototypeOf(function () {}));
        })(this);
        """;

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
        _options.DebugMode(false);
        _engine.Execute(Harden);
        _options.DebugMode(true);
        _baseline = [.. _engine.Global.GetOwnProperties().Select(p => p.Key)];
        foreach (var error in (string[])["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"])
        {
            var prototype = _engine.Global.Get(error).AsObject().Get("prototype").AsObject();
            _errorPrototypes.Add((prototype, prototype.Get("name"), prototype.Get("message")));
        }
        _engine.Step += OnStep;
    }

    /// <summary>A sandbox from the pool (or a new one) for one advance; give it back with <see cref="Return"/>.</summary>
    public static ScriptSandbox Rent(ExpressionLimits limits, Func<string, JsonNode?>? supply)
    {
        if (Pools.TryGetValue(Key(limits), out var pool) && pool.TryTake(out var sandbox))
        {
            sandbox._supply = supply;
            return sandbox;
        }
        return new ScriptSandbox(limits, supply);
    }

    /// <summary>Deletes every global the advance added and pools the sandbox, or drops it if that cannot be done.</summary>
    public void Return()
    {
        _supply = null;
        _current.Clear();
        var global = _engine.Global;
        List<string>? added = null;
        var count = 0;
        foreach (var (name, _) in global.GetOwnProperties())
        {
            count++;
            if (!_baseline.Contains(name)) (added ??= []).Add(name);
        }
        if (added is not null)
        {
            foreach (var name in added) global.Delete(name, false);
            count = global.GetOwnProperties().Count();
        }
        foreach (var (prototype, name, message) in _errorPrototypes)
        {
            prototype.Put("name", name, false);
            prototype.Put("message", message, false);
        }
        if (!global.Extensible || count != _baseline.Count) return;
        Pools.GetOrAdd(Key(_limits), _ => new Pool()).Give(this);
    }

    private static (TimeSpan, int, int, long) Key(ExpressionLimits l) => (l.Timeout, l.MaxStatements, l.MaxRecursion, l.MaxAllocatedBytes);

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
            var completion = expression.Wrapper is { } wrapper
                ? WrapperOf(expression, wrapper).Call(JsValue.Undefined, [])
                : _engine.Execute(expression.Program).GetCompletionValue();
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

    /// <summary>The script's wrapper function in this engine, made on first use (its scope is the global one, which outlives runs).</summary>
    private ICallable WrapperOf(CompiledExpression expression, Jint.Parser.Ast.Program wrapper)
    {
        if (!_wrappers.TryGetValue(expression, out var function))
        {
            function = _engine.Execute(wrapper).GetCompletionValue().TryCast<ICallable>()
                ?? throw new InvalidOperationException("a script's wrapper is not a function");
            _wrappers.AddOrUpdate(expression, function);
        }
        return function;
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

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Weft.Core.Runs;

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
    // As many as advances run at once (Weft:Worker:Concurrency, 128 by default) and then some for API starts: building one
    // takes about 4.5 ms, keeping one about 220 KiB.
    private const int PoolSize = 256;
    private static readonly ConcurrentDictionary<(TimeSpan, int, int, long, TimeSpan, int), Pool> Pools = new();

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
    private readonly ExpressionLimits _limits;
    private readonly HashSet<string> _baseline;
    private readonly List<(ObjectInstance Prototype, JsValue Name, JsValue Message)> _errorPrototypes = [];
    private Func<string, JsonNode?>? _supply;
    private readonly HashSet<string> _current = new(StringComparer.Ordinal);

    /// <summary>The globals set since the sandbox was rented, emptied when it is returned.</summary>
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<CompiledExpression, JsValue> _wrappers = new();

    /// <summary>The intrinsics a script reaches without naming them: prototypes of functions, generators, async functions, iterators.</summary>
    private const string HiddenIntrinsics = """
        [Object.getPrototypeOf(function () {}),
         Object.getPrototypeOf(function* () {}),
         Object.getPrototypeOf(async function () {}),
         Object.getPrototypeOf(async function* () {}),
         Object.getPrototypeOf([][Symbol.iterator]()),
         Object.getPrototypeOf(new Map()[Symbol.iterator]()),
         Object.getPrototypeOf(new Set()[Symbol.iterator]()),
         Object.getPrototypeOf(''[Symbol.iterator]()),
         Object.getPrototypeOf(/x/[Symbol.matchAll]('x')),
         Object.getPrototypeOf((function* () {})())]
        """;

    private static readonly string[] ErrorNames = ["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError"];

    /// <summary>
    /// Freezes every object reachable from the global object and from <see cref="HiddenIntrinsics"/>, and makes the
    /// global bindings read-only, so no script can change what a later one sees (in the sloppy mode scripts run in, a
    /// write to a frozen object is silently ignored, as in any hardened JavaScript realm). Walked from .NET, not by a
    /// script: a script doing it took a quarter of a second per engine, and the first one, cold, longer than the
    /// evaluation time limit it runs under. Locale and calendar data (<c>Intl</c>, <c>Temporal</c>) are left out.
    /// </summary>
    private void Harden()
    {
        var global = _engine.Global;
        global.Delete("Intl");
        global.Delete("Temporal");
        var freeze = _engine.Intrinsics.Object.Get("freeze");
        var errorPrototypes = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        foreach (var name in ErrorNames)
            if (global.Get(name) is ObjectInstance ctor && ctor.Get("prototype") is ObjectInstance prototype) errorPrototypes.Add(prototype);
        var stack = new Stack<JsValue>();
        stack.Push(global);
        if (_engine.Evaluate(HiddenIntrinsics) is Jint.Native.JsArray hidden)
            foreach (var v in hidden) stack.Push(v);
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            if (stack.Pop() is not ObjectInstance o || !seen.Add(o)) continue;
            var keys = o.GetOwnPropertyKeys().ToList();
            foreach (var key in keys)
            {
                var d = o.GetOwnProperty(key);
                if (d == PropertyDescriptor.Undefined) continue;
                if (d.IsAccessorDescriptor())
                {
                    if (d.Get is { } get) stack.Push(get);
                    if (d.Set is { } set) stack.Push(set);
                }
                else if (d.Value is { } value) stack.Push(value);
            }
            if (o.Prototype is { } proto) stack.Push(proto);
            if (ReferenceEquals(o, global)) continue;
            if (errorPrototypes.Contains(o))
            {
                // An error's own name and message shadow the prototype's: those two stay writable (or every
                // new Error('...') would lose its message) and are put back when the sandbox is returned.
                foreach (var key in keys)
                {
                    var d = o.GetOwnProperty(key);
                    var writable = key.IsString() && key.AsString() is "name" or "message";
                    o.DefineOwnProperty(key, new PropertyDescriptor(d.Value, writable, d.Enumerable, configurable: false));
                }
                o.PreventExtensions();
            }
            else
            {
                _engine.Call(freeze, JsValue.Undefined, [o]);
            }
        }
        foreach (var key in global.GetOwnPropertyKeys().ToList())
        {
            var d = global.GetOwnProperty(key);
            if (d.IsDataDescriptor()) global.DefineOwnProperty(key, new PropertyDescriptor(d.Value, writable: false, d.Enumerable, configurable: false));
        }
    }

    /// <param name="limits">Bounds on each evaluation.</param>
    /// <param name="supply">Gives a global's value by name, asked for when an expression names a global that is not current.</param>
    public ScriptSandbox(ExpressionLimits limits, Func<string, JsonNode?>? supply = null)
    {
        _limits = limits;
        _supply = supply;
        // Jint's own constraints, checked between statements and inside long built-in calls: time, statements, memory
        // allocated by the evaluation, call depth, the native stack (a catchable RangeError instead of a dead process),
        // array length, regular expression time and JSON.parse depth.
        _engine = new JsEngine(o =>
        {
            o.TimeoutInterval(limits.Timeout)
                .MaxStatements(limits.MaxStatements)
                .LimitMemory(limits.MaxAllocatedBytes)
                .LimitRecursion(limits.MaxRecursion)
                .RegexTimeoutInterval(limits.RegexTimeout)
                .Strict(false);
            o.Constraints.StackOverflowGuard = true;
            o.Constraints.MaxArraySize = (uint)limits.MaxArrayLength;
            o.Json.MaxParseDepth = ValueLimits.MaxDepth;
            o.Interop.Enabled = false;
            o.Host.StringCompilationAllowed = true;
        });
        Harden();
        // The run's globals are bindings of their own from the start (writable, not deletable), so that setting them
        // never changes the global object's shape.
        foreach (var name in CompiledExpression.KnownGlobals)
            _engine.Global.DefineOwnProperty(name, new PropertyDescriptor(JsValue.Undefined, writable: true, enumerable: false, configurable: false));
        _baseline = [.. _engine.Global.GetOwnPropertyKeys().Where(k => k.IsString()).Select(k => k.AsString())];
        foreach (var error in ErrorNames)
        {
            var prototype = _engine.Global.Get(error).AsObject().Get("prototype").AsObject();
            _errorPrototypes.Add((prototype, prototype.Get("name"), prototype.Get("message")));
        }
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
        // The run's globals keep their bindings and lose their values: deleting and adding them again changed the
        // global object's shape at every rent, which cost more than the evaluations of a short run. A binding a
        // script made read-only could carry this run's value into the next: such a sandbox is dropped.
        foreach (var name in _set)
        {
            var d = global.GetOwnProperty(name);
            if (!d.IsDataDescriptor() || !d.Writable) return;
            global.Set(name, JsValue.Undefined);
        }
        _set.Clear();
        var keys = global.GetOwnPropertyKeys();
        if (keys.Count != _baseline.Count)
        {
            // Globals a script created (x = 1 without var, globalThis.x = 1): deleted.
            foreach (var key in keys)
                if (!key.IsString() || !_baseline.Contains(key.AsString())) global.Delete(key);
            if (global.GetOwnPropertyKeys().Count != _baseline.Count) return;
        }
        foreach (var (prototype, name, message) in _errorPrototypes)
        {
            if (!ReferenceEquals(prototype.Get("name"), name)) prototype.Set("name", name);
            if (!ReferenceEquals(prototype.Get("message"), message)) prototype.Set("message", message);
        }
        if (!global.Extensible) return;
        Pools.GetOrAdd(Key(_limits), _ => new Pool()).Give(this);
    }

    private static (TimeSpan, int, int, long, TimeSpan, int) Key(ExpressionLimits l) =>
        (l.Timeout, l.MaxStatements, l.MaxRecursion, l.MaxAllocatedBytes, l.RegexTimeout, l.MaxArrayLength);

    /// <summary>Sets a global variable the expressions see (input, vars, steps, run, result...).</summary>
    public void SetGlobal(string name, JsonNode? value)
    {
        _engine.SetValue(name, JsonJs.ToJs(_engine, value));
        _current.Add(name);
        _set.Add(name);
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
        try
        {
            var completion = expression.Wrapper is { } wrapper
                ? _engine.Call(WrapperOf(expression, wrapper), JsValue.Undefined, [])
                : _engine.Evaluate(expression.Program);
            return JsonJs.FromJs(completion);
        }
        catch (JavaScriptException e)
        {
            // Line 1 carries the wrapper's opening text: columns there are shifted back into the user's source.
            var at = e.Location.Start;
            var column = at.Line == 1 ? at.Column - expression.Prefix + 1 : at.Column + 1;
            throw new ExpressionException($"{Describe(e.Error)} (line {at.Line}, column {Math.Max(1, column)})", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"the expression ran more than {_limits.MaxStatements} statements", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"the expression recursed deeper than {_limits.MaxRecursion} calls", e);
        }
        catch (MemoryLimitExceededException e)
        {
            throw new ExpressionException($"the expression used more than {_limits.MaxAllocatedBytes / (1024 * 1024)} MB of memory", e);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new ExpressionException($"a regular expression ran longer than {_limits.RegexTimeout.TotalMilliseconds} ms", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"the expression ran longer than {_limits.Timeout.TotalMilliseconds} ms", e);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is JintException or InvalidOperationException or ArgumentException or InvalidCastException or IndexOutOfRangeException or NullReferenceException or OutOfMemoryException or InsufficientExecutionStackException)
        {
            throw new ExpressionException("the expression failed: " + e.Message, e);
        }
    }

    /// <summary>The script's wrapper function in this engine, made on first use (its scope is the global one, which outlives runs).</summary>
    private JsValue WrapperOf(CompiledExpression expression, Prepared<Script> wrapper)
    {
        if (!_wrappers.TryGetValue(expression, out var function))
        {
            function = _engine.Evaluate(wrapper);
            if (function is not Jint.Native.Function.Function) throw new InvalidOperationException("a script's wrapper is not a function");
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

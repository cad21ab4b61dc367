using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Core.Expressions;

namespace Weft.Bench;

/// <summary>
/// The expression engine alone: parse (as at deploy) and evaluate (as in an advance: a sandbox rented, the run's
/// globals supplied, the expression run, the sandbox returned) the kinds of code definitions hold, single-threaded.
/// Written in ES5 so that the same cases run before and after the move to Jint 4.
/// </summary>
internal static class ExpressionBenchmark
{
    private static readonly (string Name, bool Script, string Source)[] Cases =
    [
        ("arithmetic", false, "input.n * 2 + 1"),
        ("comparison", false, "vars.total < 0 || input.n > 1000"),
        ("string concat", false, "'Approve ' + input.amount + ' ' + input.currency + ' for ' + input.employee"),
        ("object literal", false, "{ total: vars.total, doubled: vars.doubled, name: input.employee }"),
        ("array method", false, "vars.items.filter(function (x) { return x.qty > 2; }).length"),
        ("script, plain", true, "vars.total = vars.doubled + 1; return { total: vars.total };"),
        ("script, loop 100", true, "var s = 0; for (var i = 0; i < 100; i++) { s += i; } return s;"),
        ("script, JSON round trip", true, "return JSON.parse(JSON.stringify(vars.items)).length;"),
    ];

    public static void Run(int iterations)
    {
        var limits = new ExpressionLimits();
        var items = new JsonArray();
        for (var i = 0; i < 20; i++) items.Add(new JsonObject { ["sku"] = "A" + i, ["qty"] = i % 5 });
        var globals = new Dictionary<string, JsonNode?>
        {
            ["input"] = new JsonObject { ["n"] = 21, ["amount"] = 1250.5, ["currency"] = "EUR", ["employee"] = "Ada" },
            ["vars"] = new JsonObject { ["total"] = 43, ["doubled"] = 42, ["items"] = items },
        };
        JsonNode? Supply(string name) => globals.TryGetValue(name, out var v) ? v?.DeepClone() : null;

        Console.WriteLine($"Weft expression benchmark: {iterations} evaluations per case, one thread; {Environment.ProcessorCount} cores");
        Console.WriteLine("| case | parses/s | evaluations/s | µs per evaluation |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, script, source) in Cases)
        {
            CompiledExpression Compile() => script ? CompiledExpression.Script(source) : CompiledExpression.Expression(source);
            var expression = Compile();
            // Warm up to the JIT's optimized tier (see EngineBenchmark.WarmUpRounds) before measuring.
            for (var round = 0; round < 4; round++)
            {
                for (var i = 0; i < Math.Max(200, iterations / 10); i++) { Compile(); Evaluate(expression, limits, Supply); }
                Thread.Sleep(200);
            }
            var parses = Math.Max(1000, iterations / 5);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < parses; i++) Compile();
            var parseRate = parses / sw.Elapsed.TotalSeconds;
            sw.Restart();
            for (var i = 0; i < iterations; i++) Evaluate(expression, limits, Supply);
            var evalRate = iterations / sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {parseRate:F0} | {evalRate:F0} | {1e6 / evalRate:F1} |"));
        }
    }

    private static void Evaluate(CompiledExpression expression, ExpressionLimits limits, Func<string, JsonNode?> supply)
    {
        var sandbox = ScriptSandbox.Rent(limits, supply);
        try
        {
            sandbox.Evaluate(expression);
        }
        finally
        {
            sandbox.Return();
        }
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Expressions;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>
/// Issue 13's hostile inputs, each exactly as it was sent: code that overflowed a recursive parser or the
/// interpreter, ran past its limits inside a built-in call, or grew a value without bound. Each must end in an
/// <see cref="ExpressionException"/> (or a syntax error at deploy), never a dead process or a hang. And the modern
/// JavaScript that Jint 4 brings, which definitions may now use.
/// </summary>
public partial class ExpressionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="action"/> on another thread, failing the test if it does not end within <see cref="Bound"/>.</summary>
    private static async Task<T> Ends<T>(Func<T> action) => await Task.Run(action).WaitAsync(Bound, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(6_400, "(", "1", ")")]
    [InlineData(6_900, "[", "1", "]")]
    [InlineData(3_000, "{a:", "1", "}")]
    public void Expression_NestedThousandsDeep_IsASyntaxErrorNamingTheLimit(int depth, string open, string inner, string close)
    {
        var source = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

        var e = Should.Throw<ExpressionSyntaxException>(() => Template.FromString("${ " + source + " }"));

        e.Message.ShouldContain(CompiledExpression.MaxNesting.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The column of the first bracket past the limit, in the template ("${ " is three characters).
        e.Column.ShouldBe(3 + CompiledExpression.MaxNesting * open.Length + 1);
    }

    [Fact]
    public void Expression_27500TermSum_IsRefusedByLength()
    {
        var source = string.Join("+", Enumerable.Repeat("1", 27_500));

        Should.Throw<ExpressionSyntaxException>(() => CompiledExpression.Expression(source)).Message.ShouldContain("characters long");
    }

    [Fact]
    public void Script_LongestChainOfOperatorsItsLengthAllows_IsRefusedByTreeDepth()
    {
        // 32,000 terms fit in a script's 64 KiB: the tree (one node per '+') is what is refused, before it is run.
        var source = "return " + string.Join("+", Enumerable.Repeat("1", 32_000)) + ";";

        Should.Throw<ExpressionSyntaxException>(() => CompiledExpression.Script(source)).Message.ShouldContain("nests deeper than");
    }

    [Fact]
    public void Script_OperatorChainWithinTheTreeLimit_Runs()
    {
        var source = "var x = 1; return " + string.Join(" + ", Enumerable.Repeat("x", 200)) + ";";

        NewSandbox().Evaluate(CompiledExpression.Script(source))!.GetValue<long>().ShouldBe(200);
    }

    [Fact]
    public void Script_17000NestedBlocks_IsASyntaxError()
    {
        var source = string.Concat(Enumerable.Repeat("{", 17_000)) + string.Concat(Enumerable.Repeat("}", 17_000));

        Should.Throw<ExpressionSyntaxException>(() => CompiledExpression.Script(source)).Message.ShouldContain("nests deeper");
    }

    [Fact]
    public void Script_NestingInStringsCommentsAndTemplates_IsNotCounted()
    {
        var brackets = new string('(', 200);
        var source = $"var a = '{brackets}'; var b = \"{brackets}\"; // {brackets}\n/* {brackets} */ var c = `{brackets}${{ a.length + b.length }}{brackets}`; return c.length;";

        NewSandbox().Evaluate(CompiledExpression.Script(source))!.GetValue<long>().ShouldBe(403);
    }

    [Fact]
    public async Task Script_JsonParseOf50000NestedArrays_FailsTheEvaluation()
    {
        var script = CompiledExpression.Script("return JSON.parse(new Array(50001).join('[') + new Array(50001).join(']'));");

        var e = await Ends(() => Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(script)));

        e.Message.ShouldContain("SyntaxError");
    }

    [Fact]
    public async Task Script_DeepRecursionWithoutTheCallLimit_IsARangeErrorNotAStackOverflow()
    {
        // The call-depth limit set far beyond what the native stack holds: the stack guard is what stops it.
        var limits = new ExpressionLimits { MaxRecursion = 10_000_000, MaxStatements = 100_000_000, Timeout = TimeSpan.FromSeconds(20) };
        var script = CompiledExpression.Script("function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } return f(10000000);");

        var e = await Ends(() => Should.Throw<ExpressionException>(() => NewSandbox(limits).Evaluate(script)));

        e.Message.ShouldContain("call stack");
    }

    [Fact]
    public async Task Expression_CatastrophicBacktrackingRegex_IsStoppedByTheRegexTimeout()
    {
        var expression = CompiledExpression.Expression("/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')");

        var e = await Ends(() => Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(expression)));

        e.Message.ShouldContain("regular expression");
    }

    [Theory]
    [InlineData("new Array(50000000).join('x').length")]
    [InlineData("'x'.repeat(1e9).length")]
    [InlineData("'x'.padEnd(1e9).length")]
    [InlineData("Array.from({ length: 1e8 }).length")]
    [InlineData("new Array(1e7).fill(1).length")]
    public async Task Expression_OneLongBuiltInCall_IsStoppedByALimit(string source)
    {
        var expression = CompiledExpression.Expression(source);

        var e = await Ends(() => Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(expression)));

        e.Message.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Expression_ResultLargerThanAValueMayBe_IsRefused()
    {
        // 2 MiB of text: within the evaluation's memory, beyond what a run's state takes as one value.
        var e = Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(CompiledExpression.Expression("'x'.repeat(2 * 1024 * 1024)")));

        e.Message.ShouldContain("larger than 1024 KiB");
    }

    [Fact]
    public void Expression_ResultNestedDeeperThanAValueMay_IsRefused()
    {
        var e = Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(CompiledExpression.Script(
            "var v = 1; for (var i = 0; i < 60; i++) { v = [v]; } return v;")));

        e.Message.ShouldContain("nests deeper than 32");
    }

    [Fact]
    public void Expression_ResultThatRefersToItself_IsRefused()
    {
        Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(CompiledExpression.Script("var o = {}; o.self = o; return o;")))
            .Message.ShouldContain("refers to itself");
    }

    [Theory]
    [InlineData("const f = (x) => x * 2; return f(input.n);", "6")]
    [InlineData("let { name, n } = input; return `${name}:${n}`;", "\"Ada:3\"")]
    [InlineData("const [first, ...rest] = input.tags; return { first, rest };", "{\"first\":\"a\",\"rest\":[\"b\"]}")]
    [InlineData("return { ...input, n: input.n + 1 }.n;", "4")]
    [InlineData("return input.missing?.deep ?? 'none';", "\"none\"")]
    [InlineData("return input.tags.includes('b');", "true")]
    [InlineData("return [[1, 2], [3]].flatMap(x => x);", "[1,2,3]")]
    [InlineData("return Object.entries({ a: 1, b: 2 }).map(([k, v]) => k + v);", "[\"a1\",\"b2\"]")]
    [InlineData("class Point { constructor(x) { this.x = x; } twice() { return this.x * 2; } } return new Point(input.n).twice();", "6")]
    [InlineData("return [...new Set([1, 1, 2])];", "[1,2]")]
    [InlineData("return 2n ** 64n;", "18446744073709551616")]
    public void Script_ModernJavaScript_Runs(string source, string json)
    {
        NewSandbox().Evaluate(CompiledExpression.Script(source))!.ToJsonString().ShouldBe(json);
    }

    [Fact]
    public void Expression_ModernSyntax_InATemplate()
    {
        Eval("${ input.tags.map(t => t.toUpperCase()).join('-') }")!.GetValue<string>().ShouldBe("A-B");
    }

    [Fact]
    public void PooledSandbox_IntrinsicsReachedWithoutNamingThem_AreFrozenToo()
    {
        var limits = new ExpressionLimits { MaxStatements = 99_989 };
        var first = ScriptSandbox.Rent(limits, _ => null);
        first.Evaluate(CompiledExpression.Script(
            "Object.getPrototypeOf([][Symbol.iterator]()).next = function () { return { done: true }; };" +
            "Object.getPrototypeOf(function* () {}).prototype.evil = 1; globalThis.leaked = 1; return 1;"));
        first.Return();

        var second = ScriptSandbox.Rent(limits, _ => null);
        second.ShouldBeSameAs(first);
        second.Evaluate(CompiledExpression.Script("return [[...[1, 2]].length, typeof leaked];"))!.ToJsonString().ShouldBe("[2,\"undefined\"]");
        second.Return();
    }

    [Fact]
    public void PooledSandbox_WhoseRunGlobalAScriptMadeReadOnly_IsNotPooled()
    {
        // The run's globals keep their bindings between rents; one a script fixed would hand this run's input to the next.
        var limits = new ExpressionLimits { MaxStatements = 99_983 };
        var first = ScriptSandbox.Rent(limits, name => name == "input" ? new JsonObject { ["who"] = "first" } : null);
        first.Evaluate(CompiledExpression.Script("Object.defineProperty(globalThis, 'input', { writable: false }); return input.who;"))!
            .GetValue<string>().ShouldBe("first");
        first.Return();

        var second = ScriptSandbox.Rent(limits, name => name == "input" ? new JsonObject { ["who"] = "second" } : null);
        second.ShouldNotBeSameAs(first);
        second.Evaluate(CompiledExpression.Expression("input.who"))!.GetValue<string>().ShouldBe("second");
        second.Return();
    }

    [Fact]
    public void Script_RuntimeErrorInModernCode_NamesItsLineAndColumn()
    {
        var e = Should.Throw<ExpressionException>(() => NewSandbox().Evaluate(CompiledExpression.Script("const x = 1;\nx = 2;")));

        e.Message.ShouldContain("TypeError");
        e.Message.ShouldContain("line 2");
    }

    [Fact]
    public void ValueLimits_Problem_NamesWhatAndTheLimit()
    {
        var deep = (JsonNode)1;
        for (var i = 0; i < 40; i++) deep = new JsonArray(deep);

        Weft.Core.Runs.ValueLimits.Problem(deep, "the event's payload").ShouldBe("the event's payload nests deeper than 32 levels");
        Weft.Core.Runs.ValueLimits.Problem(new JsonObject { ["s"] = new string('x', 2_000_000) }, "the input").ShouldBe("the input is larger than 1024 KiB");
        Weft.Core.Runs.ValueLimits.Problem(new JsonObject { ["a"] = new JsonArray(1, 2) }, "the input").ShouldBeNull();
    }
}

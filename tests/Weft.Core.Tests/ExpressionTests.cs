using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Xunit;

namespace Weft.Core.Tests;

public partial class ExpressionTests
{
    private static ScriptSandbox NewSandbox(ExpressionLimits? limits = null)
    {
        var sandbox = new ScriptSandbox(limits ?? new ExpressionLimits());
        sandbox.SetGlobal("input", new JsonObject { ["name"] = "Ada", ["n"] = 3, ["tags"] = new JsonArray("a", "b") });
        return sandbox;
    }

    private static JsonNode? Eval(string template) => Template.FromString(template).Evaluate(NewSandbox());

    private static ExpressionException Fails(string script, ExpressionLimits? limits = null) =>
        Should.Throw<ExpressionException>(() => NewSandbox(limits).Evaluate(CompiledExpression.Script(script)));

    [Fact]
    public void FromString_WholeExpressionGivingNumber_KeepsNumber()
    {
        var value = Eval("${ input.n * 2 }");

        value!.GetValueKind().ShouldBe(JsonValueKind.Number);
        value.GetValue<long>().ShouldBe(6);
    }

    [Fact]
    public void FromString_WholeExpressionGivingBoolean_KeepsBoolean()
    {
        var value = Eval("${ input.n > 2 }");

        value!.GetValueKind().ShouldBe(JsonValueKind.True);
    }

    [Fact]
    public void FromString_WholeExpressionGivingObject_KeepsObject()
    {
        var value = Eval("${ ({ who: input.name, tags: input.tags }) }");

        JsonNode.DeepEquals(value, JsonNode.Parse("""{"who":"Ada","tags":["a","b"]}""")).ShouldBeTrue();
    }

    [Fact]
    public void FromString_ExpressionInsideText_YieldsText()
    {
        Eval("Hello, ${ input.name }! You have ${ input.n } items.")!.GetValue<string>().ShouldBe("Hello, Ada! You have 3 items.");
    }

    [Fact]
    public void FromString_NumberNextToText_YieldsText()
    {
        var value = Eval("${ input.n }s");

        value!.GetValueKind().ShouldBe(JsonValueKind.String);
        value.GetValue<string>().ShouldBe("3s");
    }

    [Fact]
    public void FromString_NoExpression_IsConstantText()
    {
        var template = Template.FromString("just text { with braces }");

        template.IsConstant.ShouldBeTrue();
        template.Evaluate(null!)!.GetValue<string>().ShouldBe("just text { with braces }");
    }

    [Theory]
    [InlineData("${ '}' + input.name }", "}Ada")]
    [InlineData("${ \"a}b\" }", "a}b")]
    [InlineData("${ 'it\\'s }' }", "it's }")]
    [InlineData("[${ ({a: '}'}).a }]", "[}]")]
    public void FromString_BracesInsideJavaScriptStrings_AreNotTheEnd(string template, string expected)
    {
        Eval(template)!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void FromString_ObjectLiteralHoldingABraceString_KeepsObject()
    {
        var value = Eval("${ ({a: '}', b: { c: 1 }}) }");

        JsonNode.DeepEquals(value, JsonNode.Parse("""{"a":"}","b":{"c":1}}""")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("${ 1 + }")]
    [InlineData("text ${ input.name ")]
    [InlineData("${   }")]
    public void FromString_BrokenExpression_ThrowsSyntaxException(string template)
    {
        Should.Throw<ExpressionSyntaxException>(() => Template.FromString(template)).Line.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_InfiniteLoop_ThrowsExpressionExceptionAboutStatements()
    {
        // A generous time limit: on a loaded machine the default 2 s could run out before the statement limit.
        Fails("while(true){}", new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) }).Message.ShouldContain("statements");
    }

    [Fact]
    public void Evaluate_InfiniteLoopUnderATimeLimit_ThrowsExpressionExceptionAboutTime()
    {
        var limits = new ExpressionLimits { MaxStatements = 0, Timeout = TimeSpan.FromMilliseconds(200) };

        Fails("while(true){}", limits).Message.ShouldContain("longer than 200 ms");
    }

    [Fact]
    public void Evaluate_DeepRecursion_ThrowsExpressionException()
    {
        Fails("function f(n){ return f(n + 1); } return f(0);").Message.ShouldContain("recursed");
    }

    [Fact]
    public void Evaluate_MemoryBomb_ThrowsExpressionExceptionAboutMemory()
    {
        Fails("var s='x'; while(true){ s = s + s; }", new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) }).Message.ShouldContain("MB of memory");
    }

    [Fact]
    public void Evaluate_LongLoopWithinTheStatementLimit_IsNotTakenForAMemoryBomb()
    {
        // A generous time limit: this test is about the memory accounting, and a loaded machine must not fail it on time.
        var value = NewSandbox(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) }).Evaluate(CompiledExpression.Script("var t = 0; for (var i = 0; i < 30000; i++) { t += i; } return t;"));

        value!.GetValue<long>().ShouldBe(449_985_000);
    }

    [Fact]
    public void Evaluate_LoopInAScriptWithManyVariables_IsNotTakenForAMemoryBomb()
    {
        var declarations = string.Concat(Enumerable.Range(0, 50).Select(i => $"var v{i} = {i}; "));

        var value = NewSandbox(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) }).Evaluate(CompiledExpression.Script(declarations + "var t = 0; for (var i = 0; i < 5000; i++) { t += v49; } return t;"));

        value!.GetValue<long>().ShouldBe(245_000);
    }

    [Fact]
    public void Evaluate_AfterALimitWasHit_TheSandboxStillWorks()
    {
        var sandbox = NewSandbox();
        Should.Throw<ExpressionException>(() => sandbox.Evaluate(CompiledExpression.Script("while(true){}")));

        sandbox.Evaluate(CompiledExpression.Expression("input.n + 1"))!.GetValue<long>().ShouldBe(4);
    }

    [Theory]
    [InlineData("return System.IO.File.ReadAllText('/etc/passwd');")]
    [InlineData("return importNamespace('System.IO');")]
    [InlineData("return clrHelper;")]
    public void Evaluate_ClrAccess_IsNotThere(string script)
    {
        Fails(script).Message.ShouldContain("ReferenceError");
    }

    [Theory]
    [InlineData("System")]
    [InlineData("importNamespace")]
    public void Evaluate_ClrNames_AreUndefined(string name)
    {
        NewSandbox().Evaluate(CompiledExpression.Expression($"typeof {name}"))!.GetValue<string>().ShouldBe("undefined");
    }

    [Fact]
    public void Evaluate_ThrownError_BecomesExpressionExceptionWithItsMessage()
    {
        var e = Fails("throw new Error('card declined');");

        e.Message.ShouldContain("Error: card declined");
    }

    [Fact]
    public void Evaluate_ThrownTypeError_KeepsItsName()
    {
        Fails("var x = null; return x.y;").Message.ShouldContain("TypeError");
    }

    [Fact]
    public void Evaluate_ScriptReturn_GivesResult()
    {
        var value = NewSandbox().Evaluate(CompiledExpression.Script("var t = 0; for (var i = 1; i <= input.n; i++) t += i; return { total: t };"));

        JsonNode.DeepEquals(value, JsonNode.Parse("""{"total":6}""")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("PT30S", 30_000)]
    [InlineData("P1DT2H", 93_600_000)]
    [InlineData("pt1m", 60_000)]
    [InlineData("45", 45_000)]
    [InlineData("0.25", 250)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_ValidDuration_GivesItsLength(string text, long milliseconds)
    {
        Duration.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("soon")]
    [InlineData("5 minutes")]
    [InlineData("10y")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("-5")]
    [InlineData("P")]
    [InlineData("PT-5S")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("99999999999999d")]
    [InlineData("1e300")]
    [InlineData("P99999999999D")]
    [InlineData("9999999999999999999999ms")]
    public void TryParse_InvalidDuration_ReturnsFalse(string? text)
    {
        Duration.TryParse(text, out _).ShouldBeFalse();
    }
}

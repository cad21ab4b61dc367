using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Xunit;

namespace Weft.Core.Tests;

public class ExpressionTests
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

    [Theory]
    [InlineData("input.n * 2", true)]
    [InlineData("vars.total < 0 ? 'neg' : { a: [1, 2, input.name] }", true)]
    [InlineData("input['na' + 'me'].length", true)]
    [InlineData("input.name.split('')", false)]
    [InlineData("new Array(1e9)", false)]
    [InlineData("(function(){ while(true){} })", false)]
    [InlineData("input.tags.map(function(t){ return t + t; })", false)]
    [InlineData("(s = input.name, s = s + s, s + s)", false)]
    public void Expression_Bounded_OnlyWithoutCallsNewFunctionsOrLoops(string source, bool bounded)
    {
        CompiledExpression.Expression(source).Bounded.ShouldBe(bounded);
    }

    [Fact]
    public void Script_GetsTheGlobalsItNames_OrAllWhenItCanReachThemDynamically()
    {
        CompiledExpression.Script("vars.total = vars.doubled + 1; return { total: vars.total };").Globals.ShouldBe(["vars"]);
        var dynamic = CompiledExpression.Script("return this['in' + 'put'].n;");

        dynamic.Globals.ShouldContain("input");
        var sandbox = new ScriptSandbox(new ExpressionLimits(), name => name == "input" ? new JsonObject { ["n"] = 3 } : null);
        sandbox.Evaluate(dynamic)!.GetValue<long>().ShouldBe(3);
    }

    [Theory]
    [InlineData("return 1;", true)]
    [InlineData("vars.total = vars.doubled + 1; return { total: vars.total };", true)]
    [InlineData("if (input.n > 1) { return 'big'; } else { throw 'small'; }", true)]
    [InlineData("while (true) {}", false)]
    [InlineData("for (var i = 0; i < 3; i++) {} return i;", false)]
    [InlineData("return input.name.split('');", false)]
    [InlineData("var f = function () { return 1; }; return 2;", false)]
    [InlineData("return new Array(1e9);", false)]
    [InlineData("var s = input.name; s = s + s; return s;", false)]
    [InlineData("vars.a = input.name; vars.b = vars.a + vars.a; return 1;", false)]
    public void Script_Bounded_WhenItsBodyHasNoCallNewFunctionOrLoop_AndAtMostOneAssignment(string source, bool bounded)
    {
        // The wrapper function every script runs in is not the script's own: only the body counts.
        CompiledExpression.Script(source).Bounded.ShouldBe(bounded);
    }

    [Fact]
    public void Script_RunAgainInTheSameSandbox_StartsFresh_AndSeesTheNewGlobals()
    {
        var n = 1;
        var sandbox = new ScriptSandbox(new ExpressionLimits(), name => name == "input" ? new JsonObject { ["n"] = n } : null);
        // The wrapper function is made once per sandbox; its locals, and what it throws, are each call's own.
        var script = CompiledExpression.Script("var calls = (calls || 0) + 1; if (input.n < 0) { throw new Error('negative'); } return { calls: calls, n: input.n };");

        sandbox.Evaluate(script)!.ToJsonString().ShouldBe("{\"calls\":1,\"n\":1}");
        n = 2;
        sandbox.Invalidate("input");
        sandbox.Evaluate(script)!.ToJsonString().ShouldBe("{\"calls\":1,\"n\":2}");
        n = -1;
        sandbox.Invalidate("input");
        Should.Throw<ExpressionException>(() => sandbox.Evaluate(script)).Message.ShouldBe("Error: negative (line 1, column 61)");
        n = 3;
        sandbox.Invalidate("input");
        sandbox.Evaluate(script)!["n"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public void Evaluate_StraightLineDoubling_IsCaughtByTheMemoryWatch()
    {
        // No loop and no call, but each line doubles the string: 40 lines would ask for terabytes.
        var source = "var s = 'xxxxxxxxxxxxxxxx';" + string.Concat(Enumerable.Repeat(" s = s + s;", 40)) + " return s.length;";
        Fails(source, new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) }).Message.ShouldContain("MB of memory");
    }

    [Fact]
    public void Evaluate_BoundedScript_StillChangesVarsAndAnswers()
    {
        var vars = new JsonObject { ["doubled"] = 6 };
        var sandbox = new ScriptSandbox(new ExpressionLimits(), name => name == "vars" ? vars : null);
        var script = CompiledExpression.Script("vars.total = vars.doubled + 1; return { total: vars.total };");
        script.Bounded.ShouldBeTrue();

        sandbox.Evaluate(script)!["total"]!.GetValue<long>().ShouldBe(7);
        sandbox.GetGlobal("vars")!["total"]!.GetValue<long>().ShouldBe(7);
    }

    [Fact]
    public void Evaluate_MemoryBombExpressionAfterABoundedOne_IsStillCaught()
    {
        var sandbox = NewSandbox(new ExpressionLimits { Timeout = TimeSpan.FromMinutes(1) });
        sandbox.Evaluate(CompiledExpression.Expression("input.n * 2"))!.GetValue<long>().ShouldBe(6);

        Should.Throw<ExpressionException>(() => sandbox.Evaluate(CompiledExpression.Expression("(function(){ var s = 'x'; while (true) { s = s + s; } })()")))
            .Message.ShouldContain("MB of memory");
    }

    [Fact]
    public void PooledSandbox_NextRun_SeesNothingTheLastRunLeft()
    {
        // A limit no other test uses, so this test has its own pool.
        var limits = new ExpressionLimits { MaxStatements = 99_991 };
        var first = ScriptSandbox.Rent(limits, name => name == "input" ? new JsonObject { ["who"] = "first" } : null);
        first.Evaluate(CompiledExpression.Script(
            "leaked = input.who; Array.prototype.evil = 1; Math.max = function(){ return -1; }; JSON = null; Object.keys = null; Error.prototype.message = input.who; return 1;"));
        first.Return();

        var second = ScriptSandbox.Rent(limits, name => name == "input" ? new JsonObject { ["who"] = "second" } : null);
        second.ShouldBeSameAs(first);
        second.Evaluate(CompiledExpression.Script(
            "return [typeof leaked, typeof [].evil, Math.max(1, 2), typeof JSON.stringify, typeof Object.keys, new Error().message, new Error('m').message, input.who];"))!
            .ToJsonString().ShouldBe("""["undefined","undefined",2,"function","function","","m","second"]""");
        second.Return();
    }

    [Fact]
    public void PooledSandbox_WithAGlobalItCannotDelete_IsNotPooledAgain()
    {
        var limits = new ExpressionLimits { MaxStatements = 99_989 };
        var first = ScriptSandbox.Rent(limits, null);
        first.Evaluate(CompiledExpression.Script("Object.defineProperty(this, 'stuck', { value: 1 }); return 1;"));
        first.Return();

        var second = ScriptSandbox.Rent(limits, null);
        second.ShouldNotBeSameAs(first);
        second.Evaluate(CompiledExpression.Expression("typeof stuck"))!.GetValue<string>().ShouldBe("undefined");
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

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Expressions;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>The memory limit, the globals each piece of code gets, and pooled sandboxes.</summary>
public partial class ExpressionTests
{
    [Fact]
    public void Script_GetsTheGlobalsItNames_OrAllWhenItCanReachThemDynamically()
    {
        CompiledExpression.Script("vars.total = vars.doubled + 1; return { total: vars.total };").Globals.ShouldBe(["vars"]);
        var dynamic = CompiledExpression.Script("return this['in' + 'put'].n;");

        dynamic.Globals.ShouldContain("input");
        var sandbox = new ScriptSandbox(new ExpressionLimits(), name => name == "input" ? new JsonObject { ["n"] = 3 } : null);
        sandbox.Evaluate(dynamic)!.GetValue<long>().ShouldBe(3);
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
        Should.Throw<ExpressionException>(() => sandbox.Evaluate(script)).Message.ShouldBe("Error: negative (line 1, column 56)");
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
    public void Evaluate_Script_ChangesVarsAndAnswers()
    {
        var vars = new JsonObject { ["doubled"] = 6 };
        var sandbox = new ScriptSandbox(new ExpressionLimits(), name => name == "vars" ? vars : null);
        var script = CompiledExpression.Script("vars.total = vars.doubled + 1; return { total: vars.total };");

        sandbox.Evaluate(script)!["total"]!.GetValue<long>().ShouldBe(7);
        sandbox.GetGlobal("vars")!["total"]!.GetValue<long>().ShouldBe(7);
    }

    [Fact]
    public void Evaluate_MemoryBombExpressionAfterAPlainOne_IsStillCaught()
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
}

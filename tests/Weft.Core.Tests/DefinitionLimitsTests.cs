using System.Diagnostics;
using Shouldly;
using Weft.Core.Dsl;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>Issue 13: definitions that used to overflow the stack, exhaust memory or throw past the parser are refused with where.</summary>
public class DefinitionLimitsTests
{
    private const string Step = "name: n\nsteps:\n  - id: a\n    kind: set\n    values:\n      x: ";

    public static TheoryData<string, bool> TooDeep => new()
    {
        { new string('[', 32_000) + new string(']', 32_000), false },
        { "x: " + string.Concat(Enumerable.Repeat("{a: ", 16_000)) + "1" + new string('}', 16_000), false },
        { new string('[', 6_900) + new string(']', 6_900), true },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Parse_NestedPastTheDepthLimit_Issue13_IsRefusedAtTheFirstLevelTooDeep(string text, bool json)
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(text, json));
        e.IsSyntax.ShouldBeFalse();
        e.Problems.Single().Message.ShouldContain($"deeper than {DefinitionParser.MaxDepth} levels");
        e.Problems[0].Line.ShouldBe(1);
        e.Problems[0].Column!.Value.ShouldBeGreaterThan(DefinitionParser.MaxDepth);
    }

    [Fact]
    public void Parse_NestedAtTheDepthLimit_Issue13_Parses()
    {
        // The step list, its step, values and x are four levels; the rest is x's value.
        var depth = DefinitionParser.MaxDepth - 4;
        var definition = DefinitionParser.Parse(Step + new string('[', depth) + new string(']', depth) + "\n", json: false);
        definition.Steps.Count.ShouldBe(1);
    }

    [Fact]
    public void Parse_AliasBomb_Issue13_IsRefusedAtTheAliasPastTheBudgetQuickly()
    {
        var yaml = "name: bomb\nsteps:\n  - id: a\n    kind: set\n    values:\n      l0: &a0 [x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i <= 9; i++) yaml += $"      l{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n";
        var clock = Stopwatch.StartNew();
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(yaml, json: false));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        e.Problems.Single().Message.ShouldContain($"more than {DefinitionParser.MaxAliasNodes} values");
        // 9^5 values by the fifth level: the alias that passes 100,000 is on l5's line.
        e.Problems[0].Line.ShouldBe(11);
        e.Problems[0].Column!.Value.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Parse_AliasInsideItsOwnAnchor_Issue13_IsRefused()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Step + "&a [1, *a]\n", json: false));
        e.Problems.Single().Message.ShouldContain("inside the node it names");
        e.Problems[0].Line.ShouldBe(6);
    }

    [Fact]
    public void Parse_FewAliases_Issue13_ParseAsBefore()
    {
        var definition = DefinitionParser.Parse(Step + "&a [1, 2]\n      y: *a\n", json: false);
        definition.Steps.Count.ShouldBe(1);
    }

    public static TheoryData<string, bool> HugeNumbers => new()
    {
        { Step + "1e99999\n", false },
        { Step + new string('9', 5_000) + "\n", false },
        { """{ "name": "n", "steps": [ { "id": "a", "kind": "set", "values": { "x": 1e99999 } } ] }""", true },
        { """{ "name": "n", "steps": [ { "id": "a", "kind": "set", "values": { "x": """ + new string('9', 5_000) + " } } ] }", true },
    };

    [Theory]
    [MemberData(nameof(HugeNumbers))]
    public void Parse_NumberPastDoubleRange_Issue13_IsRefusedAtItsLineAndColumn(string text, bool json)
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(text, json));
        e.IsSyntax.ShouldBeFalse();
        e.Problems.Single().Message.ShouldContain("out of range");
        e.Problems[0].Line.ShouldBe(json ? 1 : 6);
        e.Problems[0].Column.ShouldBe(json ? text.IndexOf("\"x\": ", StringComparison.Ordinal) + 6 : 10);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData(".5")]
    [InlineData("00.5")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1.50000000000000000000000000000000001")]
    public void Parse_NumberInRange_Issue13_IsKept(string number)
    {
        var (_, hash) = DefinitionParser.ParseWithHash(Step + number + "\n", json: false);
        hash.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Parse_TextPastTheSizeLimit_Issue13_IsRefusedBeforeItIsRead()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Step + "1\n#" + new string('x', DefinitionParser.MaxTextChars), json: false));
        e.Problems.Single().Message.ShouldContain($"longer than {DefinitionParser.MaxTextChars} characters");
    }

    [Fact]
    public void Parse_LineSeparatorInFlowMapping_Issue13_IsASyntaxErrorAtTheCharacter()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Step + "{a: 1,\u2028 b: 2}\n", json: false));
        e.IsSyntax.ShouldBeTrue();
        e.Problems.Single().Message.ShouldContain("U+2028");
        (e.Problems[0].Line, e.Problems[0].Column).ShouldBe((6, 16));
    }
}

using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Xunit;

namespace Weft.Core.Tests;

public class DefinitionParserTests
{
    private const string OrderYaml = """
        name: order
        description: Routes an order.
        input:
          amount: { type: decimal, required: true }
          customer: { type: string, default: anonymous }
        timeout: { after: 2d, policy: alert }
        steps:
          - id: tag
            kind: set
            values:
              customer: ${ input.customer.toUpperCase() }
          - id: notify
            kind: http
            request:
              method: POST
              url: https://example.com/orders
              body: ${ vars }
            retry: { attempts: 4, backoff: fixed, delay: 500ms }
            timeout: 30s
          - id: route
            kind: switch
            cases: [ { when: "${ input.amount > 1000 }", goto: review } ]
            default: accept
          - { id: review, kind: end, output: { decision: review } }
          - { id: accept, kind: end, output: { decision: accept } }
        """;

    private const string OrderJson = """
        {
          "name": "order",
          "description": "Routes an order.",
          "input": {
            "amount": { "type": "decimal", "required": true },
            "customer": { "type": "string", "default": "anonymous" }
          },
          "timeout": { "after": "2d", "policy": "alert" },
          "steps": [
            { "id": "tag", "kind": "set", "values": { "customer": "${ input.customer.toUpperCase() }" } },
            { "id": "notify", "kind": "http", "request": { "method": "POST", "url": "https://example.com/orders", "body": "${ vars }" },
              "retry": { "attempts": 4, "backoff": "fixed", "delay": "500ms" }, "timeout": "30s" },
            { "id": "route", "kind": "switch", "cases": [ { "when": "${ input.amount > 1000 }", "goto": "review" } ], "default": "accept" },
            { "id": "review", "kind": "end", "output": { "decision": "review" } },
            { "id": "accept", "kind": "end", "output": { "decision": "accept" } }
          ]
        }
        """;

    private static string Steps(string steps) => "name: wf\nsteps:\n" + steps;

    private static DefinitionException Refused(string text, bool json = false) =>
        Should.Throw<DefinitionException>(() => DefinitionParser.Parse(text, json));

    [Fact]
    public void ParseWithHash_SameDefinitionInYamlAndJson_GivesSameModelAndHash()
    {
        var (yaml, yamlHash) = DefinitionParser.ParseWithHash(OrderYaml, json: false);
        var (json, jsonHash) = DefinitionParser.ParseWithHash(OrderJson, json: true);

        Summary(json).ShouldBe(Summary(yaml));
        jsonHash.ShouldBe(yamlHash);
        yaml.Timeout.ShouldBe(new RunTimeout(TimeSpan.FromDays(2), TimeoutPolicy.Alert));
        yaml.Steps.Select(s => s.Kind).ShouldBe(["set", "http", "switch", "end", "end"]);
    }

    [Fact]
    public void ParseWithHash_DifferentDefinitions_GiveDifferentHashes()
    {
        var (_, a) = DefinitionParser.ParseWithHash(OrderYaml, json: false);
        var (_, b) = DefinitionParser.ParseWithHash(OrderYaml.Replace("amount > 1000", "amount > 2000", StringComparison.Ordinal), json: false);

        b.ShouldNotBe(a);
    }

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Samples.Folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Parse_SampleFile_Parses(string fileName)
    {
        var definition = DefinitionParser.Parse(Samples.Read(fileName), json: fileName.EndsWith(".json", StringComparison.Ordinal));

        definition.Name.ShouldBe(Path.GetFileNameWithoutExtension(fileName));
        definition.Steps.ShouldNotBeEmpty();
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsSyntaxWithLineAndColumn()
    {
        // An unquoted expression holding ": " is not a plain scalar; the error points at that colon.
        var e = Refused("name: wf\nsteps:\n  - id: a\n    kind: set\n    values:\n      p: ${ ({ a: 1 }) }\n");

        e.IsSyntax.ShouldBeTrue();
        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(6);
        problem.Column.ShouldBe(17);
        problem.Message.ShouldContain("invalid mapping");
    }

    [Theory]
    [InlineData("name: wf\nsteps:\n  - id: a\n\tkind: set\n", 4, 1)]
    [InlineData("name: wf\nsteps:\n  - id: a\n    kind: set\n    values:\n  \t  p: 1\n", 6, 3)]
    [InlineData("name: wf\nsteps:\n\t- id: a\n    kind: set\n", 3, 1)]
    public void Parse_TabIndentation_ReportsTheTabsLineAndColumn(string text, int line, int column)
    {
        var e = Refused(text);

        e.IsSyntax.ShouldBeTrue();
        var problem = e.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column).ShouldBe((line, column));
        problem.Message.ShouldContain("tab in the indentation");
    }

    [Fact]
    public void Parse_JsonTrailingComma_ReportsSyntaxWithLineAndColumn()
    {
        var e = Refused("{\n  \"name\": \"wf\",\n  \"steps\": [],\n}", json: true);

        e.IsSyntax.ShouldBeTrue();
        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(4);
        problem.Column.ShouldBe(1);
    }

    [Fact]
    public void Parse_JsonMissingQuote_ReportsSyntaxWithLineAndColumn()
    {
        var e = Refused("{\n  \"name\": wf\",\n  \"steps\": []\n}", json: true);

        e.IsSyntax.ShouldBeTrue();
        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(2);
        problem.Column.ShouldBe(11);
    }

    [Fact]
    public void Parse_SeveralSemanticProblems_ReportsThemAllWithStepAndField()
    {
        var e = Refused(Steps("""
              - id: a
                kind: teleport
              - { id: b, kind: set, values: { x: 1 } }
              - { id: b, kind: set, values: { x: 2 }, next: nowhere }
              - { id: c, kind: switch, cases: [ { when: "${ vars.x > 1 }", goto: missing } ] }
              - id: d
                kind: set
                values:
                  y: ${ 1 + }
                colour: red
            """));

        e.IsSyntax.ShouldBeFalse();
        e.Problems.ShouldContain(p => p.Step == "a" && p.Field == "kind" && p.Message.Contains("teleport"));
        e.Problems.ShouldContain(p => p.Step == "b" && p.Field == "id" && p.Message.Contains("more than once"));
        e.Problems.ShouldContain(p => p.Step == "b" && p.Field == "next" && p.Message.Contains("nowhere"));
        e.Problems.ShouldContain(p => p.Step == "c" && p.Field == "goto" && p.Message.Contains("missing"));
        e.Problems.ShouldContain(p => p.Step == "d" && p.Field == "values.y" && p.Line == 11);
        e.Problems.ShouldContain(p => p.Step == "d" && p.Field == "colour" && p.Line == 12);
        e.Problems.Count.ShouldBe(6);
    }

    [Fact]
    public void Parse_ExpressionThatDoesNotParse_ReportsItsLine()
    {
        var e = Refused(Steps("  - id: a\n    kind: set\n    values:\n      x: ${ 1 + }\n"));

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Step.ShouldBe("a");
        problem.Field.ShouldBe("values.x");
        problem.Line.ShouldBe(6);
        problem.Message.ShouldStartWith("expression does not parse");
    }

    [Fact]
    public void Parse_TwoStepsThatGoToEachOther_IsALoopWithNoExit()
    {
        var e = Refused(Steps("  - { id: a, kind: set, values: { x: 1 }, next: b }\n  - { id: b, kind: set, values: { x: 2 }, next: a }\n"));

        e.Problems.Select(p => p.Step).ShouldBe(["a", "b"], ignoreOrder: true);
        e.Problems.ShouldAllBe(p => p.Message.Contains("loop with no way out") && p.Field == "next");
    }

    private const string Count = "  - { id: count, kind: set, values: { n: \"${ (vars.n || 0) + 1 }\" } }\n";

    [Fact]
    public void Parse_SwitchWhoseOnlyPathsLoopBack_IsALoopWithNoExit()
    {
        var e = Refused(Steps(Count + "  - { id: check, kind: switch, cases: [ { when: \"${ vars.n > 3 }\", goto: count } ], default: count }\n"));

        e.Problems.Select(p => p.Step).ShouldBe(["count", "check"], ignoreOrder: true);
    }

    [Fact]
    public void Parse_LoopWithAnExitThroughASwitchCase_IsAccepted()
    {
        var definition = DefinitionParser.Parse(Steps(Count +
            "  - { id: check, kind: switch, cases: [ { when: \"${ vars.n > 3 }\", goto: done } ], default: count }\n" +
            "  - { id: done, kind: end }\n"), json: false);

        definition.Find("check").ShouldBeOfType<SwitchStep>().Jumps.ShouldBe(["done", "count"]);
    }

    [Theory]
    [InlineData("x: strnig")]
    [InlineData("x: { type: text }")]
    [InlineData("x: { type: \"1\" }")]
    [InlineData("x: { type: \"string, number\" }")]
    public void Parse_UnknownInputType_IsReported(string input)
    {
        var e = Refused("name: wf\ninput:\n  " + input + "\nsteps:\n  - id: a\n    kind: end\n");

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("input.x.type");
        problem.Message.ShouldContain("unknown input type");
    }

    [Theory]
    [InlineData("timeout: { after: 1h, policy: \"1\" }", "timeout.policy")]
    [InlineData("timeout: { after: 1h, policy: \"fail, alert\" }", "timeout.policy")]
    [InlineData("timeout: { after: 1h, policy: sometimes }", "timeout.policy")]
    [InlineData("steps: [ { id: a, kind: end, retry: { backoff: \"1\" } } ]", "retry.backoff")]
    [InlineData("steps: [ { id: a, kind: end, retry: { backoff: \"fixed, exponential\" } } ]", "retry.backoff")]
    public void Parse_PolicyOrBackoffThatIsNotAName_IsReported(string line, string field)
    {
        var text = "name: wf\n" + line + "\n" + (line.StartsWith("steps", StringComparison.Ordinal) ? "" : "steps: [ { id: a, kind: end } ]\n");

        Refused(text).Problems.ShouldHaveSingleItem().Field.ShouldBe(field);
    }

    [Fact]
    public void Parse_DurationTooLongForATimeSpan_IsReportedNotThrown()
    {
        var e = Refused(Steps("  - id: a\n    kind: delay\n    duration: 99999999999999d\n"));

        e.Problems.ShouldHaveSingleItem().Field.ShouldBe("duration");
    }

    [Fact]
    public void Parse_UnknownFieldInStep_NamesStepAndField()
    {
        var e = Refused(Steps("  - id: a\n    kind: delay\n    duration: 5s\n    durration: 6s\n"));

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Step.ShouldBe("a");
        problem.Field.ShouldBe("durration");
        problem.Line.ShouldBe(6);
        problem.Message.ShouldContain("unknown field 'durration'");
    }

    [Fact]
    public void Parse_RetryAndTimeouts_AreRead()
    {
        var definition = DefinitionParser.Parse("""
            name: wf
            timeout: PT30S
            steps:
              - id: a
                kind: http
                request: { url: "https://example.com" }
                retry: { attempts: 5, backoff: exponential, delay: 500ms, maxDelay: 5m }
                timeout: 30s
              - id: b
                kind: delay
                duration: 2d
                retry: { attempts: 2, backoff: fixed }
            """, json: false);

        definition.Timeout.ShouldBe(new RunTimeout(TimeSpan.FromSeconds(30), TimeoutPolicy.Fail));
        var a = definition.Steps[0];
        a.Retry.ShouldBe(new RetryPolicy(5, BackoffKind.Exponential, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5)));
        a.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        definition.Steps[1].Retry.ShouldBe(new RetryPolicy(2, BackoffKind.Fixed, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
        definition.Steps[1].Timeout.ShouldBeNull();
    }

    [Fact]
    public void Parse_BadRetryAndTimeoutValues_AreAllReported()
    {
        var e = Refused("""
            name: wf
            timeout: { after: soon, policy: panic }
            steps:
              - id: a
                kind: delay
                duration: 1s
                retry: { attempts: 0, backoff: linear, delay: fast }
                timeout: 5 minutes
            """);

        e.Problems.Select(p => p.Field).ShouldBe(
            ["timeout.after", "timeout.policy", "retry.attempts", "retry.backoff", "retry.delay", "timeout"], ignoreOrder: true);
        e.Problems.Single(p => p.Field == "retry.delay").Step.ShouldBe("a");
    }

    /// <summary>The parts of a model a user wrote, as text that compares by value.</summary>
    private static string Summary(WorkflowDefinition d) =>
        $"{d.Name}|{d.Description}|{d.Timeout}|" + string.Join(";", d.Inputs.Select(i => $"{i.Name}:{i.Type}:{i.Required}:{i.Default?.ToJsonString()}")) +
        string.Concat(d.Steps.Select(s => $"\n{s.Id}|{s.Kind}|{s.Next}|{s.Retry}|{s.Timeout}|{string.Join(",", s.Jumps)}|" +
            string.Join(",", s.Templates.SelectMany(t => t.Expressions).Select(x => x.Source))));

    [Theory]
    [InlineData("{\"name\":\"a\\udfff\\ud800b\",\"steps\":[{\"id\":\"s\",\"kind\":\"end\"}]}", true, 1, 9)]
    [InlineData("name: \"a\\udfff\\ud800b\"\nsteps:\n  - { id: s, kind: end }\n", false, 1, 9)]
    public void Parse_SurrogatesOutOfOrder_FoundByTheFuzzer_IsASyntaxErrorAtTheString(string text, bool json, int line, int column)
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(text, json));

        e.IsSyntax.ShouldBeTrue();
        e.Problems[0].Message.ShouldContain("not part of a pair");
        e.Problems[0].Line.ShouldBe(line);
        e.Problems[0].Column.ShouldBe(column);
    }
}

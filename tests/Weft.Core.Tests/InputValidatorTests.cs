using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Xunit;

namespace Weft.Core.Tests;

public class InputValidatorTests
{
    private static WorkflowDefinition WithInputs(string inputs) =>
        DefinitionParser.Parse("name: wf\ninput:\n" + inputs + "steps:\n  - id: a\n    kind: end\n", json: false);

    private static JsonObject Input(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("string", "\"Ada\"")]
    [InlineData("string", "\"\"")]
    [InlineData("number", "1.5")]
    [InlineData("number", "-3")]
    [InlineData("integer", "42")]
    [InlineData("integer", "-7")]
    [InlineData("boolean", "true")]
    [InlineData("boolean", "false")]
    [InlineData("datetime", "\"2026-03-01T12:30:00Z\"")]
    [InlineData("datetime", "\"2026-03-01T12:30:00+02:00\"")]
    [InlineData("decimal", "12.50")]
    [InlineData("decimal", "\"12.50\"")]
    [InlineData("object", "{\"a\": 1}")]
    [InlineData("array", "[1, \"two\"]")]
    public void Validate_RightValueForType_IsAccepted(string type, string value)
    {
        var definition = WithInputs($"  v: {type}\n");

        var result = InputValidator.Validate(definition, Input($"{{\"v\": {value}}}"));

        JsonNode.DeepEquals(result["v"], JsonNode.Parse(value)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("string", "5")]
    [InlineData("string", "{}")]
    [InlineData("number", "\"1.5\"")]
    [InlineData("number", "true")]
    [InlineData("integer", "4.5")]
    [InlineData("integer", "\"42\"")]
    [InlineData("boolean", "\"true\"")]
    [InlineData("boolean", "1")]
    [InlineData("datetime", "\"next tuesday\"")]
    [InlineData("datetime", "1767225600")]
    [InlineData("decimal", "\"twelve\"")]
    [InlineData("decimal", "true")]
    [InlineData("object", "[]")]
    [InlineData("object", "\"{}\"")]
    [InlineData("array", "{}")]
    [InlineData("array", "\"[]\"")]
    public void Validate_WrongValueForType_IsRejected(string type, string value)
    {
        var definition = WithInputs($"  v: {type}\n");

        var e = Should.Throw<InputException>(() => InputValidator.Validate(definition, Input($"{{\"v\": {value}}}")));

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("v");
        problem.Message.ShouldStartWith("'v' must be");
    }

    [Fact]
    public void Validate_RequiredFieldMissing_IsRejected()
    {
        var definition = WithInputs("  name: { type: string, required: true }\n");

        var e = Should.Throw<InputException>(() => InputValidator.Validate(definition, []));

        e.Problems.ShouldHaveSingleItem().Message.ShouldBe("'name' is required");
    }

    [Fact]
    public void Validate_RequiredFieldNull_IsRejected()
    {
        var definition = WithInputs("  name: { type: string, required: true }\n");

        Should.Throw<InputException>(() => InputValidator.Validate(definition, Input("""{"name": null}""")))
            .Problems.ShouldHaveSingleItem().Field.ShouldBe("name");
    }

    [Fact]
    public void Validate_NoInputAtAllWithNothingRequired_GivesEmptyInput()
    {
        var definition = WithInputs("  note: string\n");

        InputValidator.Validate(definition, null).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_MissingFieldsWithDefaults_GetTheirDefaults()
    {
        var definition = WithInputs("  wait: { type: number, default: 1.5 }\n  tags: { type: array, default: [a] }\n  who: { type: string, default: anonymous, required: true }\n");

        var result = InputValidator.Validate(definition, null);

        JsonNode.DeepEquals(result, Input("""{"wait": 1.5, "tags": ["a"], "who": "anonymous"}""")).ShouldBeTrue();
    }

    [Fact]
    public void Validate_DefaultFromTwoRuns_IsNotShared()
    {
        var definition = WithInputs("  tags: { type: array, default: [a] }\n");

        var first = InputValidator.Validate(definition, null);
        first["tags"]!.AsArray().Add("changed");
        var second = InputValidator.Validate(definition, null);

        second["tags"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public void Validate_GivenValue_WinsOverDefault()
    {
        var definition = WithInputs("  wait: { type: number, default: 1 }\n");

        InputValidator.Validate(definition, Input("""{"wait": 10}"""))["wait"]!.GetValue<double>().ShouldBe(10);
    }

    [Fact]
    public void Validate_UnknownField_IsRejected()
    {
        var definition = WithInputs("  name: string\n");

        var e = Should.Throw<InputException>(() => InputValidator.Validate(definition, Input("""{"name": "Ada", "nmae": "Ada"}""")));

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("nmae");
        problem.Message.ShouldBe("'nmae' is not an input of 'wf'");
    }

    [Fact]
    public void Validate_SeveralWrongFields_ListsThemAllInOneException()
    {
        var definition = WithInputs("  name: { type: string, required: true }\n  count: integer\n  when: datetime\n  ok: boolean\n");

        var e = Should.Throw<InputException>(() => InputValidator.Validate(definition,
            Input("""{"count": 2.5, "when": "never", "ok": true, "extra": 1}""")));

        e.Problems.Select(p => p.Field).ShouldBe(["name", "count", "when", "extra"], ignoreOrder: true);
        e.Message.ShouldBe("4 input fields are wrong");
    }

    [Fact]
    public void Parse_DefaultOfWrongType_IsRefusedAtDeploy()
    {
        var e = Should.Throw<DefinitionException>(() => WithInputs("  wait: { type: number, default: soon }\n"));

        var problem = e.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("input.wait.default");
        problem.Line.ShouldBe(3);
    }
}

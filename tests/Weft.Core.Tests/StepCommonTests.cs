using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Tests;

/// <summary>The fields every step kind shares (next, retry, timeout, output, assign, position) reach the model for every kind.</summary>
public class StepCommonTests
{
    private const string UntilStep = "name: wf\nsteps:\n  - { id: wait, kind: until, at: '2030-01-01T00:00:00Z' }\n  - { id: last, kind: end }\n";

    public static TheoryData<string> YamlSamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Samples.Folder, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>The definition with retry, timeout, output and assign added to each of its top-level steps.</summary>
    private static string WithCommonFields(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var steps = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["steps"];
        foreach (var step in steps.Cast<YamlMappingNode>())
        {
            var kind = ((YamlScalarNode)step["kind"]).Value;
            // A human step's 'assign' is its assignment (who the task is for), not variables.
            foreach (var key in kind == "human" ? new[] { "retry", "timeout", "output" } : ["retry", "timeout", "output", "assign"])
                step.Children.Remove(new YamlScalarNode(key));
            step.Add("retry", new YamlMappingNode { { "attempts", "3" }, { "delay", "2s" } });
            step.Add("timeout", "7s");
            if (kind != "end") step.Add("output", "${ result }");
            if (kind != "human") step.Add("assign", new YamlMappingNode { { "probe", "${ result }" } });
        }
        using var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        return text.ToString();
    }

    private static WorkflowDefinition Parse(string yaml)
    {
        try
        {
            return DefinitionParser.Parse(yaml, json: false);
        }
        catch (DefinitionException e)
        {
            throw new Xunit.Sdk.XunitException(string.Join("; ", e.Problems.Select(p => $"{p.Step} {p.Field}: {p.Message}")) + "\n" + yaml);
        }
    }

    [Theory]
    [MemberData(nameof(YamlSamples))]
    public void Read_EveryKindInTheSamples_CarriesTheCommonFields(string fileName)
    {
        var definition = Parse(WithCommonFields(Samples.Read(fileName)));

        foreach (var step in definition.Steps)
        {
            step.Retry.Attempts.ShouldBe(3, step.Kind);
            step.Retry.Delay.ShouldBe(TimeSpan.FromSeconds(2), step.Kind);
            step.Timeout.ShouldBe(TimeSpan.FromSeconds(7), step.Kind);
            (step.Line, step.Column).ShouldNotBe((0, 0), step.Kind);
            if (step.Kind != "end") step.Output.ShouldNotBeNull(step.Kind);
            if (step.Kind != "human") step.Assign.ShouldHaveSingleItem(step.Kind).Key.ShouldBe("probe");
        }
    }

    [Fact]
    public void Read_SamplesAndUntil_CoverEveryKind()
    {
        var kinds = Directory.GetFiles(Samples.Folder, "*.yaml")
            .SelectMany(f => DefinitionParser.Parse(File.ReadAllText(f), json: false).Steps.Select(s => s.Kind))
            .Concat(Parse(WithCommonFields(UntilStep)).Steps.Select(s => s.Kind))
            .ToHashSet();

        kinds.Order(StringComparer.Ordinal).ShouldBe(["delay", "end", "event", "fail", "forEach", "http", "human", "integration", "parallel", "script", "set", "subworkflow", "switch", "until", "while"]);
    }

    [Fact]
    public void Read_Until_CarriesTheCommonFields()
    {
        var step = Parse(WithCommonFields(UntilStep)).Steps[0];

        step.ShouldBeOfType<UntilStep>();
        (step.Retry.Attempts, step.Timeout).ShouldBe((3, TimeSpan.FromSeconds(7)));
        (step.Line, step.Column).ShouldNotBe((0, 0));
        step.Assign.ShouldHaveSingleItem().Key.ShouldBe("probe");
    }

    [Fact]
    public void Read_Next_IsCarriedForEveryKindThatFallsThrough()
    {
        var definition = DefinitionParser.Parse("name: wf\nsteps:\n  - { id: a, kind: set, values: { x: 1 }, next: c }\n  - { id: b, kind: end }\n  - { id: c, kind: delay, duration: 1s, next: b }\n", json: false);

        definition.Steps.Select(s => s.Next).ShouldBe(["c", null, "b"]);
    }
}

using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Schedules;
using Xunit;

namespace Weft.Core.Tests;

public class ScheduleParserTests
{
    private static string Definition(string schedules) => $"""
        name: report
        input:
          region: {"{"} type: string, required: true {"}"}
          days: {"{"} type: integer, default: 7 {"}"}
        schedules:
        {schedules}
        steps:
          - {"{"} id: done, kind: end {"}"}
        """;

    [Fact]
    public void Parse_Schedules_ReadsEveryFieldAndTheDefaults()
    {
        var model = DefinitionParser.Parse(Definition("""
              - cron: "0 9 * * 1-5"
                timezone: Europe/Berlin
                input: { region: emea }
                misfire: catchUp
              - id: nightly
                cron: "0 30 2 * * *"
                input: { region: apac, days: 1 }
                enabled: false
            """), json: false);
        model.Schedules.Count.ShouldBe(2);
        var first = model.Schedules[0];
        (first.Id, first.Cron.Expression, first.TimeZone, first.Misfire, first.Enabled).ShouldBe(("s1", "0 9 * * 1-5", "Europe/Berlin", MisfirePolicy.CatchUp, true));
        first.Input.ToJsonString().ShouldBe("""{"region":"emea"}""");
        var second = model.Schedules[1];
        (second.Id, second.TimeZone, second.Misfire, second.Enabled).ShouldBe(("nightly", "UTC", MisfirePolicy.Skip, false));
    }

    [Fact]
    public void Parse_BadCron_IsAProblemAtItsLineAndColumn()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Definition("""
              - cron: "0 9 * * mon-xyz"
                input: { region: emea }
            """), json: false));
        var p = e.Problems.ShouldHaveSingleItem();
        (p.Field, p.Line, p.Column).ShouldBe(("schedules[0].cron", 6, 11));
        p.Message.ShouldContain("not a cron expression");
    }

    [Fact]
    public void Parse_UnknownTimeZone_IsAProblemAtTheTimeZone()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Definition("""
              - cron: "0 9 * * *"
                timezone: Europe/Atlantis
                input: { region: emea }
            """), json: false));
        var p = e.Problems.ShouldHaveSingleItem();
        (p.Field, p.Line).ShouldBe(("schedules[0].timezone", 7));
        p.Message.ShouldContain("Europe/Atlantis");
    }

    [Fact]
    public void Parse_InputThatDoesNotFit_NamesTheScheduleAndTheField()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Definition("""
              - id: weekly
                cron: "0 9 * * 1"
                input: { days: many }
            """), json: false));
        e.Problems.ShouldContain(p => p.Field == "schedules[0].input.days" && p.Message.Contains("weekly") && p.Message.Contains("whole number") && p.Line == 8);
        e.Problems.ShouldContain(p => p.Field == "schedules[0].input.region" && p.Message.Contains("weekly") && p.Message.Contains("required"));
    }

    [Fact]
    public void Parse_DuplicateIdAndUnknownMisfire_AreBothReported()
    {
        var e = Should.Throw<DefinitionException>(() => DefinitionParser.Parse(Definition("""
              - { id: a, cron: "0 9 * * *", input: { region: x } }
              - { id: a, cron: "0 9 * * *", input: { region: x }, misfire: always }
            """), json: false));
        e.Problems.ShouldContain(p => p.Field == "schedules[1].id" && p.Message.Contains("twice"));
        e.Problems.ShouldContain(p => p.Field == "schedules[1].misfire" && p.Message.Contains("always"));
    }
}

using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Cases;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Cases, their runs and erasure; parameter sets.</summary>
public abstract partial class StoreConformance
{
    private static CaseRecord Case(string first, string last, string email, string? company = null, string? number = null, int second = 0) => new()
    {
        Id = Guid.CreateVersion7(T0.AddSeconds(second)).ToString(),
        Namespace = "default",
        FirstName = first,
        LastName = last,
        Email = email,
        CompanyName = company,
        PersonalNumber = number,
        Attributes = new JsonObject { ["tier"] = "gold" },
        CreatedAt = T0.AddSeconds(second),
        UpdatedAt = T0.AddSeconds(second),
    };

    private static RunWrite CaseRun(CaseRecord subject, int second)
    {
        var model = DefinitionParser.Parse("name: d\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var at = T0.AddSeconds(second);
        var run = new RunRecord
        {
            Id = Guid.CreateVersion7(at).ToString(),
            Namespace = "default",
            DefinitionId = "def-1",
            DefinitionName = "d",
            DefinitionVersion = 1,
            Input = [],
            CreatedAt = at,
            UpdatedAt = at,
            CaseId = subject.Id,
            Subject = subject.Subject(),
        };
        return WorkflowEngine.Create(run, model, at, "tester");
    }

    [Fact]
    public async Task Cases_CreateGetUpdate_SearchMatchesEachFieldAndPages()
    {
        var ada = Case("Ada", "Lovelace", "ada@example.com", "Analytical Engines", "19151210-1234", 1);
        var alan = Case("Alan", "Turing", "alan@bletchley.example", "Bletchley", "19120623-5678", 2);
        var grace = Case("Grace", "Hopper", "grace@navy.example", null, null, 3);
        foreach (var c in new[] { ada, alan, grace }) await Store.Cases.CreateCaseAsync(c, Ct);

        var got = (await Store.Cases.GetCaseAsync("default", ada.Id, Ct))!;
        (got.FirstName, got.LastName, got.Email, got.CompanyName, got.PersonalNumber, got.ErasedAt).ShouldBe(("Ada", "Lovelace", "ada@example.com", "Analytical Engines", "19151210-1234", (DateTimeOffset?)null));
        got.Attributes["tier"]!.GetValue<string>().ShouldBe("gold");
        (await Store.Cases.GetCaseAsync("other", ada.Id, Ct)).ShouldBeNull();

        async Task<List<string>> Search(string q) => (await Store.Cases.ListCasesAsync(new CaseQuery("default", q), Ct)).Cases.Select(c => c.Id).ToList();
        (await Search("LOVE")).ShouldBe([ada.Id]);
        (await Search("bletchley")).ShouldBe([alan.Id]);
        (await Search("navy.example")).ShouldBe([grace.Id]);
        (await Search("5678")).ShouldBe([alan.Id]);
        (await Search("a")).ShouldBe([grace.Id, alan.Id, ada.Id]);
        (await Search("%")).ShouldBeEmpty();

        var first = await Store.Cases.ListCasesAsync(new CaseQuery("default", Limit: 2), Ct);
        first.Cases.Select(c => c.Id).ShouldBe([grace.Id, alan.Id]);
        var second = await Store.Cases.ListCasesAsync(new CaseQuery("default", Limit: 2, After: first.Next), Ct);
        second.Cases.Select(c => c.Id).ShouldBe([ada.Id]);
        second.Next.ShouldBeNull();

        (await Store.Cases.UpdateCaseAsync(ada with { Email = "countess@example.com", UpdatedAt = T0.AddMinutes(1) }, Ct)).ShouldBeTrue();
        (await Store.Cases.GetCaseAsync("default", ada.Id, Ct))!.Email.ShouldBe("countess@example.com");
        (await Store.Cases.UpdateCaseAsync(ada with { Id = "no-such" }, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task EraseCase_ClearsCaseAndItsRunsCopies_RunsStayListed()
    {
        var ada = Case("Ada", "Lovelace", "ada@example.com", "Analytical Engines", "19151210-1234", 1);
        var alan = Case("Alan", "Turing", "alan@bletchley.example", second: 2);
        await Store.Cases.CreateCaseAsync(ada, Ct);
        await Store.Cases.CreateCaseAsync(alan, Ct);
        var runs = new[] { CaseRun(ada, 3), CaseRun(ada, 4), CaseRun(alan, 5) };
        (await Store.Writer.WriteAsync(runs, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);

        var stored = (await Store.Runs.GetAsync(runs[0].Run.Id, Ct))!;
        (stored.CaseId, stored.Subject!["firstName"]!.GetValue<string>()).ShouldBe((ada.Id, "Ada"));

        (await Store.Cases.EraseCaseAsync(ada.Erased(T0.AddHours(1)), Ct)).ShouldBeTrue();
        var erased = (await Store.Cases.GetCaseAsync("default", ada.Id, Ct))!;
        (erased.FirstName, erased.LastName, erased.Email, erased.CompanyName, erased.PersonalNumber).ShouldBe((null, null, null, null, null));
        erased.Attributes.Count.ShouldBe(0);
        erased.ErasedAt.ShouldBe(T0.AddHours(1));
        (await Store.Cases.ListCasesAsync(new CaseQuery("default", "ada"), Ct)).Cases.ShouldBeEmpty();

        var byCase = await Store.Runs.ListAsync(new RunQuery("default") { CaseId = ada.Id }, Ct);
        byCase.Runs.Select(r => r.Id).ShouldBe([runs[1].Run.Id, runs[0].Run.Id]);
        foreach (var run in byCase.Runs)
        {
            var json = run.Subject!.ToJsonString();
            json.ShouldNotContain("Ada");
            json.ShouldNotContain("ada@example.com");
            json.ShouldNotContain("1234");
            run.Subject!["id"]!.GetValue<string>().ShouldBe(ada.Id);
        }
        (await Store.Runs.GetAsync(runs[2].Run.Id, Ct))!.Subject!["firstName"]!.GetValue<string>().ShouldBe("Alan");

        // A checkpoint written from a copy read before the erasure does not bring the personal data back.
        var before = runs[0].Run;
        before.UpdatedAt = T0.AddHours(2);
        (await Store.Writer.WriteAsync([new RunWrite(before, before.Version, [], [])], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Store.Runs.GetAsync(before.Id, Ct))!.Subject!["firstName"].ShouldBeNull();
    }

    [Fact]
    public async Task RunListing_ByCase_OnlyThatCasesRuns()
    {
        var ada = Case("Ada", "Lovelace", "ada@example.com", second: 1);
        var alan = Case("Alan", "Turing", "alan@example.com", second: 2);
        var writes = new[] { CaseRun(ada, 3), CaseRun(alan, 4), NewRun(at: T0.AddSeconds(5)), CaseRun(ada, 6) };
        await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct);
        (await Store.Runs.ListAsync(new RunQuery("default") { CaseId = ada.Id }, Ct)).Runs.Select(r => r.Id).ShouldBe([writes[3].Run.Id, writes[0].Run.Id]);
        (await Store.Runs.ListAsync(new RunQuery("default") { CaseId = alan.Id }, Ct)).Runs.Select(r => r.Id).ShouldBe([writes[1].Run.Id]);
        (await Store.Runs.ListAsync(new RunQuery("default") { CaseId = "nobody" }, Ct)).Runs.ShouldBeEmpty();
        (await Store.Runs.GetAsync(writes[2].Run.Id, Ct))!.Subject.ShouldBeNull();
    }

    [Fact]
    public async Task ParameterSets_CreateFindUpdateDelete_NameUniquePerDefinition()
    {
        ParameterSet Set(string name, string definition, int? version = null) => new()
        {
            Id = Guid.NewGuid().ToString(),
            Namespace = "default",
            Name = name,
            Definition = definition,
            Version = version,
            Input = new JsonObject { ["greeting"] = "Welcome" },
            CreatedAt = T0,
            UpdatedAt = T0,
        };
        var standard = Set("standard", "greet", 2);
        (await Store.ParameterSets.CreateParameterSetAsync(standard, Ct)).ShouldBeTrue();
        (await Store.ParameterSets.CreateParameterSetAsync(Set("standard", "greet"), Ct)).ShouldBeFalse();
        (await Store.ParameterSets.CreateParameterSetAsync(Set("standard", "other"), Ct)).ShouldBeTrue();
        (await Store.ParameterSets.CreateParameterSetAsync(Set("formal", "greet"), Ct)).ShouldBeTrue();

        var got = (await Store.ParameterSets.GetParameterSetAsync("default", standard.Id, Ct))!;
        (got.Name, got.Definition, got.Version, got.Input["greeting"]!.GetValue<string>()).ShouldBe(("standard", "greet", (int?)2, "Welcome"));
        (await Store.ParameterSets.FindParameterSetAsync("default", "greet", "standard", Ct))!.Id.ShouldBe(standard.Id);
        (await Store.ParameterSets.FindParameterSetAsync("default", "greet", "none", Ct)).ShouldBeNull();
        (await Store.ParameterSets.GetParameterSetAsync("other-ns", standard.Id, Ct)).ShouldBeNull();
        (await Store.ParameterSets.ListParameterSetsAsync("default", "greet", Ct)).Select(s => s.Name).ShouldBe(["formal", "standard"]);
        (await Store.ParameterSets.ListParameterSetsAsync("default", null, Ct)).Select(s => (s.Definition, s.Name)).ShouldBe([("greet", "formal"), ("greet", "standard"), ("other", "standard")]);

        (await Store.ParameterSets.UpdateParameterSetAsync(standard with { Version = null, Input = new JsonObject { ["greeting"] = "Hi" } }, Ct)).ShouldBeTrue();
        var updated = (await Store.ParameterSets.GetParameterSetAsync("default", standard.Id, Ct))!;
        (updated.Version, updated.Input["greeting"]!.GetValue<string>()).ShouldBe(((int?)null, "Hi"));

        (await Store.ParameterSets.DeleteParameterSetAsync("default", standard.Id, Ct)).ShouldBeTrue();
        (await Store.ParameterSets.DeleteParameterSetAsync("default", standard.Id, Ct)).ShouldBeFalse();
        (await Store.ParameterSets.GetParameterSetAsync("default", standard.Id, Ct)).ShouldBeNull();
    }
}

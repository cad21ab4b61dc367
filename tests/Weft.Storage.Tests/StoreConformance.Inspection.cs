using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Run tags, business keys, initiators and the listing's filters, sorts and offset paging.</summary>
public abstract partial class StoreConformance
{
    private static RunWrite TaggedRun(string definition, DateTimeOffset at, Dictionary<string, string>? tags = null, string? key = null, string initiator = "tester", RunStatus? status = null, DateTimeOffset? updated = null, string ns = "default", string? id = null)
    {
        var model = DefinitionParser.Parse("name: " + definition + "\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var run = new RunRecord
        {
            Id = id ?? Guid.CreateVersion7(at).ToString(),
            Namespace = ns,
            DefinitionId = "def-" + definition,
            DefinitionName = definition,
            DefinitionVersion = 1,
            Input = [],
            CreatedAt = at,
            UpdatedAt = updated ?? at,
            Tags = tags ?? [],
            BusinessKey = key,
        };
        var write = WorkflowEngine.Create(run, model, at, initiator);
        if (status is { } s) run.Status = s;
        return write;
    }

    private async Task<List<RunWrite>> SeedTaggedAsync()
    {
        List<RunWrite> writes =
        [
            TaggedRun("Orders", T0, new() { ["region"] = "eu", ["tier"] = "gold" }, "ORD-1", "alice", RunStatus.Completed, T0.AddMinutes(50)),
            TaggedRun("orders", T0.AddMinutes(1), new() { ["region"] = "eu", ["tier"] = "silver" }, "ord-2", "bob", RunStatus.Failed, T0.AddMinutes(10)),
            TaggedRun("billing", T0.AddMinutes(2), new() { ["region"] = "us" }, "INV-7", "alice", RunStatus.Waiting, T0.AddMinutes(30)),
            TaggedRun("billing", T0.AddMinutes(3), null, null, "carol", RunStatus.Queued, T0.AddMinutes(20)),
        ];
        (await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
        return writes;
    }

    private async Task<List<string>> IdsAsync(RunQuery query) => (await Store.Runs.ListAsync(query, Ct)).Runs.Select(r => r.Id).ToList();

    [Fact]
    public async Task Run_TagsBusinessKey_AreStoredAndRead()
    {
        var w = await SeedTaggedAsync();
        var run = (await Store.Runs.GetAsync(w[0].Run.Id, Ct))!;
        run.Tags.ShouldBe(new Dictionary<string, string> { ["region"] = "eu", ["tier"] = "gold" });
        run.BusinessKey.ShouldBe("ORD-1");
        var plain = (await Store.Runs.GetAsync(w[3].Run.Id, Ct))!;
        plain.Tags.ShouldBeEmpty();
        plain.BusinessKey.ShouldBeNull();
    }

    [Fact]
    public async Task ListRuns_FiltersByTagsAllMustMatch()
    {
        var w = await SeedTaggedAsync();
        (await IdsAsync(new RunQuery("default", Descending: false) { Tags = [new("region", "eu")] })).ShouldBe([w[0].Run.Id, w[1].Run.Id]);
        (await IdsAsync(new RunQuery("default") { Tags = [new("region", "eu"), new("tier", "gold")] })).ShouldBe([w[0].Run.Id]);
        (await IdsAsync(new RunQuery("default") { Tags = [new("region", "us"), new("tier", "gold")] })).ShouldBeEmpty();
        (await IdsAsync(new RunQuery("default") { Tags = [new("region", "EU")] })).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListRuns_FiltersByBusinessKeyInitiatorAndUpdatedRange()
    {
        var w = await SeedTaggedAsync();
        (await IdsAsync(new RunQuery("default") { BusinessKey = "INV-7" })).ShouldBe([w[2].Run.Id]);
        (await IdsAsync(new RunQuery("default", Descending: false) { Initiator = "alice" })).ShouldBe([w[0].Run.Id, w[2].Run.Id]);
        (await IdsAsync(new RunQuery("default", Descending: false) { UpdatedFrom = T0.AddMinutes(20), UpdatedTo = T0.AddMinutes(50) })).ShouldBe([w[2].Run.Id, w[3].Run.Id]);
        (await IdsAsync(new RunQuery("default", Statuses: [RunStatus.Completed, RunStatus.Failed], Descending: false))).ShouldBe([w[0].Run.Id, w[1].Run.Id]);
    }

    [Fact]
    public async Task ListRuns_SearchIsPartialAndCaseInsensitive()
    {
        var w = await SeedTaggedAsync();
        (await IdsAsync(new RunQuery("default", Descending: false) { Search = "ORDER" })).ShouldBe([w[0].Run.Id, w[1].Run.Id]);
        (await IdsAsync(new RunQuery("default") { Search = "inv-" })).ShouldBe([w[2].Run.Id]);
        (await IdsAsync(new RunQuery("default") { Search = "%" })).ShouldBeEmpty();
        (await IdsAsync(new RunQuery("default") { Search = "nothing" })).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListRuns_SortsByEachColumnBothWays_AndPagesWithCursor()
    {
        var w = await SeedTaggedAsync();
        var ids = w.Select(x => x.Run.Id).ToList();
        (await IdsAsync(new RunQuery("default", Descending: false) { Sort = RunSort.UpdatedAt })).ShouldBe([ids[1], ids[3], ids[2], ids[0]]);
        (await IdsAsync(new RunQuery("default") { Sort = RunSort.UpdatedAt })).ShouldBe([ids[0], ids[2], ids[3], ids[1]]);
        (await IdsAsync(new RunQuery("default", Descending: false) { Sort = RunSort.Status })).ShouldBe(w.OrderBy(x => (int)x.Run.Status).Select(x => x.Run.Id).ToList());
        // Names compare by code point in both stores: "Orders" < "billing" < "orders"; the run id breaks ties.
        (await IdsAsync(new RunQuery("default", Descending: false) { Sort = RunSort.Definition })).ShouldBe([ids[0], ids[2], ids[3], ids[1]]);
        (await IdsAsync(new RunQuery("default") { Sort = RunSort.Definition })).ShouldBe([ids[1], ids[3], ids[2], ids[0]]);
        var billing = w.Where(x => x.Run.DefinitionName == "billing").Select(x => x.Run.Id).ToHashSet();
        billing.Count.ShouldBeGreaterThan(1);
        (await IdsAsync(new RunQuery("default", "billing", Descending: false) { Sort = RunSort.Definition }))
            .ShouldBe(new[] { ids[0], ids[2], ids[3], ids[1] }.Where(billing.Contains).ToList());
        foreach (var sort in Enum.GetValues<RunSort>())
        foreach (var desc in new[] { true, false })
        {
            var whole = await IdsAsync(new RunQuery("default", Descending: desc) { Sort = sort });
            var paged = new List<string>();
            RunCursor? cursor = null;
            do
            {
                var page = await Store.Runs.ListAsync(new RunQuery("default", Descending: desc, Limit: 1, After: cursor) { Sort = sort }, Ct);
                paged.AddRange(page.Runs.Select(r => r.Id));
                cursor = page.Next;
            }
            while (cursor is not null);
            paged.ShouldBe(whole, $"{sort} {(desc ? "desc" : "asc")}");
        }
    }

    [Fact]
    public async Task ListRuns_OffsetPaging_GivesTotal()
    {
        var w = await SeedTaggedAsync();
        var page = await Store.Runs.ListAsync(new RunQuery("default", Descending: false, Limit: 2) { Offset = 1 }, Ct);
        page.Runs.Select(r => r.Id).ShouldBe([w[1].Run.Id, w[2].Run.Id]);
        page.Total.ShouldBe(4);
        page.Next.ShouldBeNull();
        var filtered = await Store.Runs.ListAsync(new RunQuery("default", Limit: 10) { Offset = 0, Tags = [new("region", "eu")] }, Ct);
        filtered.Total.ShouldBe(2);
        (await Store.Runs.ListAsync(new RunQuery("default", Limit: 10) { Offset = 10 }, Ct)).Runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task BusinessKey_IsUniquePerDefinition_AndTheSecondRunIsNotWritten()
    {
        await SeedTaggedAsync();
        var again = TaggedRun("Orders", T0.AddMinutes(9), new() { ["region"] = "eu" }, "ORD-1");
        (await Store.Writer.WriteAsync([again], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Conflict]);
        (await Store.Runs.GetAsync(again.Run.Id, Ct)).ShouldBeNull();
        (await IdsAsync(new RunQuery("default") { Tags = [new("region", "eu")] })).Count.ShouldBe(2);
        var otherDefinition = TaggedRun("billing", T0.AddMinutes(9), null, "ORD-1");
        (await Store.Writer.WriteAsync([otherDefinition], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
    }
}

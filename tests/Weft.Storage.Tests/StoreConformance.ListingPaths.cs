using Shouldly;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>
/// The listing's query shapes (tag index walk, ids first for deep pages, merged status branches, implied range
/// bounds) all answer what the plain definition of the filter and order says: every query below, paged by offset
/// and by cursor, equals the same runs filtered and sorted in memory.
/// </summary>
public abstract partial class StoreConformance
{
    private sealed record Seeded(RunRecord Run, Dictionary<string, string> Tags);

    protected async Task<int> SeedManyRunsAsync() => (await SeedManyAsync()).Count;

    private async Task<List<Seeded>> SeedManyAsync()
    {
        var random = new Random(7);
        string[] names = ["alpha", "Beta", "gamma"];
        RunStatus[] statuses = [RunStatus.Completed, RunStatus.Failed, RunStatus.Waiting, RunStatus.Running, RunStatus.Paused];
        var seeded = new List<Seeded>();
        var writes = new List<RunWrite>();
        for (var i = 0; i < 60; i++)
        {
            var tags = new Dictionary<string, string> { ["region"] = random.Next(3) == 0 ? "us" : "eu" };
            if (random.Next(2) == 0) tags["tier"] = random.Next(2) == 0 ? "gold" : "silver";
            var created = T0.AddMinutes(i);
            // Some runs share a creation or update time, so the id has to break the tie on every path.
            if (i % 7 == 3) created = T0.AddMinutes(i - 1);
            var write = TaggedRun(names[random.Next(names.Length)], created, tags, null, "u" + random.Next(3), statuses[random.Next(statuses.Length)],
                created.AddMinutes(random.Next(4) == 0 ? 0 : random.Next(1, 90)), ns: i % 10 == 9 ? "other" : "default",
                // Some ids are not in creation order (a rerun with an idempotency key gets a name-based id).
                id: i % 4 == 1 ? new Guid(random.Next(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).ToString() : null);
            writes.Add(write);
            seeded.Add(new Seeded(write.Run, tags));
        }
        (await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
        return seeded;
    }

    private static IEnumerable<(string Label, RunQuery Query)> ListingShapes()
    {
        RunQuery Q(RunSort sort = RunSort.CreatedAt, bool desc = true) => new("default", Descending: desc, Limit: 4) { Sort = sort };
        foreach (var desc in new[] { true, false })
        {
            var d = desc ? "desc" : "asc";
            yield return ($"tag {d}", Q(desc: desc) with { Tags = [new("region", "eu")] });
            yield return ($"two tags {d}", Q(desc: desc) with { Tags = [new("region", "eu"), new("tier", "gold")] });
            yield return ($"tag and status {d}", Q(desc: desc) with { Tags = [new("region", "eu")], Statuses = [RunStatus.Failed] });
            yield return ($"tag and statuses {d}", Q(desc: desc) with { Tags = [new("tier", "silver")], Statuses = [RunStatus.Failed, RunStatus.Waiting] });
            yield return ($"tag and created range {d}", Q(desc: desc) with { Tags = [new("region", "eu")], CreatedFrom = T0.AddMinutes(10), CreatedTo = T0.AddMinutes(40) });
            yield return ($"tag and updated range {d}", Q(desc: desc) with { Tags = [new("region", "eu")], UpdatedFrom = T0.AddMinutes(30), UpdatedTo = T0.AddMinutes(70) });
            yield return ($"tag and definition {d}", Q(desc: desc) with { Tags = [new("region", "eu")], Definition = "alpha" });
            yield return ($"tag sorted by update {d}", Q(RunSort.UpdatedAt, desc) with { Tags = [new("region", "eu")] });
            yield return ($"statuses {d}", Q(desc: desc) with { Statuses = [RunStatus.Running, RunStatus.Waiting] });
            yield return ($"statuses by name {d}", Q(RunSort.Definition, desc) with { Statuses = [RunStatus.Completed, RunStatus.Paused] });
            yield return ($"statuses by update {d}", Q(RunSort.UpdatedAt, desc) with { Statuses = [RunStatus.Completed, RunStatus.Failed] });
            yield return ($"status by update {d}", Q(RunSort.UpdatedAt, desc) with { Statuses = [RunStatus.Failed] });
            yield return ($"updated range {d}", Q(desc: desc) with { UpdatedFrom = T0.AddMinutes(30), UpdatedTo = T0.AddMinutes(60) });
            yield return ($"updated range only to {d}", Q(desc: desc) with { UpdatedTo = T0.AddMinutes(25) });
            yield return ($"created range by update {d}", Q(RunSort.UpdatedAt, desc) with { CreatedFrom = T0.AddMinutes(20), CreatedTo = T0.AddMinutes(45) });
            yield return ($"definition by name {d}", Q(RunSort.Definition, desc) with { Definition = "Beta" });
            yield return ($"no filter by status {d}", Q(RunSort.Status, desc));
        }
    }

    private static IEnumerable<RunRecord> Expected(List<Seeded> seeded, RunQuery q)
    {
        var matching = seeded.Where(s => s.Run.Namespace == q.Namespace
                && (q.Definition is null || s.Run.DefinitionName == q.Definition)
                && (q.Statuses is null || q.Statuses.Contains(s.Run.Status))
                && (q.CreatedFrom is null || s.Run.CreatedAt >= q.CreatedFrom) && (q.CreatedTo is null || s.Run.CreatedAt < q.CreatedTo)
                && (q.UpdatedFrom is null || s.Run.UpdatedAt >= q.UpdatedFrom) && (q.UpdatedTo is null || s.Run.UpdatedAt < q.UpdatedTo)
                && q.Tags.All(t => s.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
            .Select(s => s.Run);
        Func<RunRecord, IComparable> key = q.Sort switch
        {
            RunSort.UpdatedAt => r => r.UpdatedAt,
            RunSort.Status => r => (int)r.Status,
            RunSort.Definition => r => r.DefinitionName,
            _ => r => r.CreatedAt,
        };
        var comparer = Comparer<IComparable>.Create((a, b) => a is string x && b is string y ? string.CompareOrdinal(x, y) : a.CompareTo(b));
        var ordered = q.Descending ? matching.OrderByDescending(key, comparer) : matching.OrderBy(key, comparer);
        // Sorted by name or status, ties go by creation time first; every sort's last tie-break is the id.
        if (q.Sort is RunSort.Definition or RunSort.Status)
            ordered = q.Descending ? ordered.ThenByDescending(r => r.CreatedAt) : ordered.ThenBy(r => r.CreatedAt);
        return q.Descending ? ordered.ThenByDescending(r => r.Id, StringComparer.Ordinal) : ordered.ThenBy(r => r.Id, StringComparer.Ordinal);
    }

    [Fact]
    public async Task ListRuns_EveryQueryShape_PagedByOffsetAndByCursor_EqualsTheFilterAppliedInMemory()
    {
        var seeded = await SeedManyAsync();
        foreach (var (label, query) in ListingShapes())
        {
            var expected = Expected(seeded, query).Select(r => r.Id).ToList();
            expected.ShouldNotBeEmpty(label);

            var byCursor = new List<string>();
            RunCursor? cursor = null;
            do
            {
                var page = await Store.Runs.ListAsync(query with { After = cursor }, Ct);
                page.Runs.Count.ShouldBeLessThanOrEqualTo(query.Limit, label);
                byCursor.AddRange(page.Runs.Select(r => r.Id));
                cursor = page.Next;
            }
            while (cursor is not null);
            byCursor.ShouldBe(expected, label + " (cursor)");

            var byOffset = new List<string>();
            for (var offset = 0; offset < expected.Count + query.Limit; offset += query.Limit)
            {
                var page = await Store.Runs.ListAsync(query with { Offset = offset }, Ct);
                page.Total.ShouldBe(expected.Count, label + " total at offset " + offset);
                page.TotalEstimated.ShouldBeFalse(label);
                byOffset.AddRange(page.Runs.Select(r => r.Id));
            }
            byOffset.ShouldBe(expected, label + " (offset)");
        }
    }

    [Fact]
    public async Task ListRuns_UpdatedAtIsNeverStoredBeforeCreation_SoAnUpdatedRangeFindsTheRun()
    {
        // A node whose clock lags could stamp an update before the run's creation; the store keeps updated >= created.
        var write = TaggedRun("skewed", T0.AddMinutes(5), updated: T0.AddMinutes(4));
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
        var stored = await Store.Runs.GetAsync(write.Run.Id, Ct);
        stored!.UpdatedAt.ShouldBe(T0.AddMinutes(5));
        (await IdsAsync(new RunQuery("default") { UpdatedFrom = T0.AddMinutes(5), UpdatedTo = T0.AddMinutes(6) })).ShouldBe([write.Run.Id]);
    }
}

using System.Text.Json.Nodes;
using Weft.Core.Cases;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Creates, reads, changes and erases cases; what the native API and the case-based compatibility surface call.</summary>
public sealed class CaseService(IWeftStore store, DefinitionService definitions, TimeProvider time)
{
    public async Task<CaseRecord> CreateAsync(string ns, JsonObject body, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        var now = Now();
        var record = CaseFields.Apply(new CaseRecord { Id = Guid.CreateVersion7(now).ToString(), Namespace = ns, CreatedAt = now, UpdatedAt = now }, body, replace: true);
        await store.Cases.CreateCaseAsync(record, ct);
        return record;
    }

    public async Task<CaseRecord> GetAsync(string ns, string id, CancellationToken ct)
    {
        if (await store.Cases.GetCaseAsync(ns, id, ct) is { } found) return found;
        await definitions.RequireNamespaceAsync(ns, ct);
        throw new NotFoundException($"No case '{id}' in namespace '{ns}'.");
    }

    /// <summary>The case, or null when the namespace has none with this id.</summary>
    public Task<CaseRecord?> FindAsync(string ns, string id, CancellationToken ct) => store.Cases.GetCaseAsync(ns, id, ct);

    public async Task<CasePage> ListAsync(CaseQuery query, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(query.Namespace, ct);
        return await store.Cases.ListCasesAsync(query, ct);
    }

    /// <summary>Replaces (<paramref name="replace"/>) or merges the body's fields into the case. An erased case is not changed (409).</summary>
    public async Task<CaseRecord> UpdateAsync(string ns, string id, JsonObject body, bool replace, CancellationToken ct)
    {
        var current = await GetAsync(ns, id, ct);
        if (current.ErasedAt is not null) throw new ConflictException($"Case '{id}' was erased; its personal data cannot be set again.");
        var updated = CaseFields.Apply(current, body, replace) with { UpdatedAt = Now() };
        if (!await store.Cases.UpdateCaseAsync(updated, ct)) throw new NotFoundException($"No case '{id}' in namespace '{ns}'.");
        return updated;
    }

    /// <summary>Clears the case's personal fields and the copies its runs hold; the runs stay. Erasing again does it again.</summary>
    public async Task<CaseRecord> EraseAsync(string ns, string id, CancellationToken ct)
    {
        var current = await GetAsync(ns, id, ct);
        var now = Now();
        var erased = current.Erased(now) with { ErasedAt = current.ErasedAt ?? now };
        if (!await store.Cases.EraseCaseAsync(erased, ct)) throw new NotFoundException($"No case '{id}' in namespace '{ns}'.");
        return erased;
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}

using Weft.Core.Cases;

namespace Weft.Core.Storage;

/// <summary>Cases: the people and companies runs are about.</summary>
public interface ICaseStore
{
    Task CreateCaseAsync(CaseRecord record, CancellationToken ct);

    Task<CaseRecord?> GetCaseAsync(string ns, string id, CancellationToken ct);

    Task<CasePage> ListCasesAsync(CaseQuery query, CancellationToken ct);

    /// <summary>Replaces the case's fields; false when it does not exist.</summary>
    Task<bool> UpdateCaseAsync(CaseRecord record, CancellationToken ct);

    /// <summary>
    /// Writes the erased case and, in the same transaction, its erased <c>subject</c> into every run of it
    /// (the runs stay). False when it does not exist.
    /// </summary>
    Task<bool> EraseCaseAsync(CaseRecord erased, CancellationToken ct);
}

namespace Weft.Core.Cases;

/// <summary>A case listing: a search over names, email, company and personal number; newest first, paged by id.</summary>
public sealed record CaseQuery(string Namespace, string? Search = null, int Limit = 50, string? After = null);

/// <summary>One page of cases; <see cref="Next"/> is the id to go on after, null on the last page.</summary>
public sealed record CasePage(IReadOnlyList<CaseRecord> Cases, string? Next);

namespace Weft.Contracts.Runs;

/// <summary>A branch, loop iteration or compensation of the run.</summary>
/// <param name="Key">Its address in the run.</param>
/// <param name="Kind">branch, iteration or compensation.</param>
/// <param name="Owner">The step that owns it.</param>
/// <param name="Name">A branch's name.</param>
/// <param name="Index">An iteration's index.</param>
/// <param name="Status">Its status.</param>
/// <param name="Error">Why it failed.</param>
public sealed record ScopeResponse(string Key, string Kind, string Owner, string? Name, int? Index, string Status, string? Error);

namespace Weft.Storage;

/// <summary>One SQL statement of a checkpoint, with the row count it must affect for the write to stand.</summary>
public sealed record Statement(string Sql, KeyValuePair<string, object?>[] Parameters, int? MustAffect = null);

using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>
/// Writes checkpoints. A batch is written in as few transactions as possible; each write is applied
/// whole or not at all, and one that lost a race (row version or work token moved) is a conflict.
/// </summary>
public interface IRunWriter
{
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<RunWrite> writes, string node, TimeSpan lease, CancellationToken ct);
}

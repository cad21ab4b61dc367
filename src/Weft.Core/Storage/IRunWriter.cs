using Weft.Core.Runs;

namespace Weft.Core.Storage;

/// <summary>
/// Writes checkpoints. A batch is written in as few transactions as possible; each write is applied
/// whole or not at all, and one that lost a race (row version or work token moved) is a conflict.
/// </summary>
public interface IRunWriter
{
    /// <summary>
    /// Builds what <paramref name="write"/> will send (statements, serialized state) on the caller's thread, so the group
    /// commit spends its one loop on sending. Optional: a write not prepared is built when it is written.
    /// </summary>
    void Prepare(RunWrite write, string node, TimeSpan lease);

    /// <summary>True when <see cref="WriteAsync"/> does its I/O on the calling thread and returns done (SQLite).</summary>
    bool WritesSynchronously { get; }

    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<RunWrite> writes, string node, TimeSpan lease, CancellationToken ct);
}

namespace Weft.Core.Tasks;

/// <summary>A file attached to a task (its bytes are read separately).</summary>
public sealed record TaskFileInfo(string Id, string TaskId, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

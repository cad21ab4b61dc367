namespace Weft.Contracts.Tasks;

/// <summary>A file attached to a task.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="CreatedAt">When it was attached.</param>
public sealed record TaskFileResponse(string Id, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

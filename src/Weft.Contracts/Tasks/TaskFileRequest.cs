namespace Weft.Contracts.Tasks;

/// <summary>A file to attach to a free-standing task.</summary>
/// <param name="Name">Its name: at most 255 characters, no slashes.</param>
/// <param name="ContentType">Its media type (application/octet-stream when left out).</param>
/// <param name="Content">Its bytes in base64.</param>
public sealed record TaskFileRequest(string Name, string? ContentType, string Content);

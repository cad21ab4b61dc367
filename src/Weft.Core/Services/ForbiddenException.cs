namespace Weft.Core.Services;

/// <summary>The caller may not do this (403), such as completing a task assigned to someone else; 401 when no caller is identified.</summary>
public sealed class ForbiddenException(string message, bool unidentified = false) : Exception(message)
{
    /// <summary>True when the request named no caller at all (401 rather than 403).</summary>
    public bool Unidentified { get; } = unidentified;
}

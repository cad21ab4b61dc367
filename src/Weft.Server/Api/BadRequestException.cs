namespace Weft.Server.Api;

/// <summary>A request that cannot be read: malformed body or query, with where the problem is (400, or 413 for size).</summary>
internal sealed class BadRequestException(string message, string? field = null, int? line = null, int? column = null, int status = 400) : Exception(message)
{
    public string? Field { get; } = field;

    public int? Line { get; } = line;

    public int? Column { get; } = column;

    public int Status { get; } = status;
}

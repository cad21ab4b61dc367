namespace Weft.Server.Api;

/// <summary>Settings under <c>Weft:Api</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>The largest request body accepted; a larger one is refused with 413.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

using System.Text.Json.Serialization;

namespace Weft.Contracts.Identity;

/// <summary>The body of <c>POST /api/v1/tokens</c> and <c>POST /api/v1/admin/users/{id}/tokens</c>.</summary>
/// <param name="Name">A name for the token (default "api token").</param>
/// <param name="LifeTimeInSec">Its lifetime in whole seconds, 1 to 31536000 (a number, or a string holding one).</param>
public sealed record ApiTokenRequest(
    string? Name = null,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? LifeTimeInSec = null);

using System.Globalization;

namespace Weft.Server.Auth;

/// <summary>
/// What checking a bearer credential found: the principal, or the reason it is refused, worded for the caller
/// (the 401's <c>error_description</c> and detail). An expired token says so and when; anything else that is not
/// a credential of this server gets one message, so a guess learns nothing about what was wrong with it.
/// </summary>
internal sealed record TokenCheck(WeftPrincipal? Principal, string Problem)
{
    public static readonly TokenCheck Invalid = new(null, "The bearer token is not valid (malformed, or not issued and signed by this server).");

    public static TokenCheck Valid(WeftPrincipal principal) => new(principal, "");

    public static TokenCheck Refused(string problem) => new(null, problem);

    public static TokenCheck Expired(string what, DateTimeOffset at) =>
        new(null, $"The {what} expired at {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}; get a new one.");
}

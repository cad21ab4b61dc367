namespace Weft.Server.Api;

/// <summary>How <see cref="RequestBody.ReadAsync{T}"/> reads one route's body.</summary>
/// <param name="Shape">An example of the body, for the message when it is not a JSON object.</param>
/// <param name="Strict">Whether a top-level field the contract record does not have is refused (400 naming it).</param>
/// <param name="Hint">What to add to the unknown-field message, such as where the field belongs.</param>
internal sealed record BodyRules(string Shape, bool Strict = true, string? Hint = null);

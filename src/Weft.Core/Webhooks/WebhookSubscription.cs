namespace Weft.Core.Webhooks;

/// <summary>
/// A namespace's request to be told of events by an HTTP POST to <see cref="Url"/>, optionally only for runs of one
/// definition. <see cref="ProtectedSecret"/> is the signing secret as the server protected it (never stored in clear).
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    string Namespace,
    string Url,
    IReadOnlyList<string> Events,
    string? Definition,
    string ProtectedSecret,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

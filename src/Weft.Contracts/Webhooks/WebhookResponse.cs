namespace Weft.Contracts.Webhooks;

/// <summary>A webhook subscription as the API shows it; <see cref="Secret"/> only in the answer that created it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Url">The URL deliveries go to.</param>
/// <param name="Events">The events it is subscribed to.</param>
/// <param name="Definition">Only events of this definition.</param>
/// <param name="Active">Whether deliveries are made.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Secret">The signing secret (only when created).</param>
public sealed record WebhookResponse(string Id, string Namespace, string Url, IReadOnlyList<string> Events, string? Definition, bool Active,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null);

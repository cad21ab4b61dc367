namespace Weft.Contracts.Webhooks;

/// <summary>The body of <c>POST .../webhooks</c> and <c>PUT/PATCH .../webhooks/{id}</c>; on a change, fields left out stay as they are.</summary>
/// <param name="Url">The URL deliveries are POSTed to.</param>
/// <param name="Events">The event names it is subscribed to, such as <c>run.completed</c>.</param>
/// <param name="Definition">Only events of this definition; null clears it.</param>
/// <param name="Secret">The signing secret; the server makes one when left out.</param>
/// <param name="Active">Whether deliveries are made.</param>
public sealed record WebhookRequest(string? Url = null, IReadOnlyList<string>? Events = null, string? Definition = null, string? Secret = null, bool? Active = null);

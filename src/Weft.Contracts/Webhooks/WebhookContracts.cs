using System.Text.Json.Nodes;

namespace Weft.Contracts.Webhooks;

/// <summary>The body of <c>POST .../webhooks</c> and <c>PUT/PATCH .../webhooks/{id}</c>; on a change, fields left out stay as they are.</summary>
/// <param name="Url">The URL deliveries are POSTed to.</param>
/// <param name="Events">The event names it is subscribed to, such as <c>run.completed</c>.</param>
/// <param name="Definition">Only events of this definition; null clears it.</param>
/// <param name="Secret">The signing secret; the server makes one when left out.</param>
/// <param name="Active">Whether deliveries are made.</param>
public sealed record WebhookRequest(string? Url = null, IReadOnlyList<string>? Events = null, string? Definition = null, string? Secret = null, bool? Active = null);

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

/// <summary>The last answer (or error) a delivery got.</summary>
/// <param name="At">When.</param>
/// <param name="Status">The HTTP status it got.</param>
/// <param name="Error">The error, when there was no answer.</param>
/// <param name="Response">The start of the answer's body.</param>
public sealed record WebhookLastAttempt(DateTimeOffset At, int? Status, string? Error, string? Response);

/// <summary>A delivery with its attempt count and last answer; <see cref="AttemptList"/> only when one delivery is asked for.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="Webhook">The subscription.</param>
/// <param name="Event">The event name.</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="Status">pending, delivered or failed.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="NextAttemptAt">When the next POST is due (pending only).</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="Last">The last answer.</param>
/// <param name="Body">The body that is POSTed.</param>
/// <param name="AttemptList">Every attempt.</param>
public sealed record DeliveryResponse(string Id, string Webhook, string Event, DateTimeOffset OccurredAt, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, WebhookLastAttempt? Last, JsonNode? Body, IReadOnlyList<AttemptResponse>? AttemptList = null);

/// <summary>One POST of a delivery.</summary>
/// <param name="Attempt">Its number, from 1.</param>
/// <param name="At">When.</param>
/// <param name="Node">The server node that made it.</param>
/// <param name="Status">The HTTP status it got.</param>
/// <param name="Error">The error, when there was no answer.</param>
/// <param name="Response">The start of the answer's body.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record AttemptResponse(int Attempt, DateTimeOffset At, string Node, int? Status, string? Error, string? Response, long DurationMs);

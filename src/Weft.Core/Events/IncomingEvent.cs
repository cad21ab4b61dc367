using System.Text.Json.Nodes;

namespace Weft.Core.Events;

/// <summary>An event sent to a namespace: its name, its correlation, its payload and when it arrived.</summary>
public sealed record IncomingEvent(string Id, string Namespace, string Name, string Correlation, JsonNode? Payload, DateTimeOffset ReceivedAt)
{
    /// <summary>What a waiting event step receives (a signal row's payload): <c>{ id, name, correlation, payload, receivedAt }</c>.</summary>
    public JsonObject Signal() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["correlation"] = Correlation,
        ["payload"] = Payload?.DeepClone(),
        ["receivedAt"] = ReceivedAt.ToString("O"),
    };
}

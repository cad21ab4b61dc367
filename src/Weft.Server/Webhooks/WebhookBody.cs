using System.Text;
using System.Text.Json;
using Weft.Core.Webhooks;

namespace Weft.Server.Webhooks;

/// <summary>The JSON a delivery POSTs: the same bytes on every attempt, so a receiver may compare them.</summary>
internal static class WebhookBody
{
    public static string Compose(WebhookDelivery delivery)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("id", delivery.Id);
            w.WriteString("event", delivery.Event);
            w.WriteString("occurredAt", delivery.OccurredAt);
            w.WriteString("namespace", delivery.Namespace);
            w.WritePropertyName(SubjectKey(delivery.Event));
            w.WriteRawValue(delivery.Data, skipInputValidation: true);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static string SubjectKey(string name) => name switch
    {
        WebhookEvents.TaskCreated => "task",
        WebhookEvents.IntegrationCreated => "item",
        _ => "run",
    };
}

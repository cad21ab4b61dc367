using System.Diagnostics;
using System.Text;
using Weft.Core.Storage;
using Weft.Core.Webhooks;
using Weft.Core.Workers;

namespace Weft.Server.Webhooks;

/// <summary>
/// Sends due webhook deliveries: claims them with a lease (so two nodes never send one at once, and a node that died
/// gives its claims back when they lapse), POSTs each signed, and records the attempt: delivered on a 2xx answer, else
/// due again after an exponential backoff with jitter, or failed once the give-up time has passed. Woken by the
/// store's bell after a commit that added deliveries; polls slowly otherwise.
/// </summary>
internal sealed partial class WebhookSender(
    IWeftStore store, IHttpClientFactory http, WebhookSecrets secrets, WebhookOptions options, WorkerOptions worker, TimeProvider time, ILogger<WebhookSender> log)
    : BackgroundService
{
    public const string ClientName = "weft-webhooks";
    private const int ExcerptChars = 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        var slots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        var webhooks = store.Webhooks;
        while (!stoppingToken.IsCancellationRequested)
        {
            var bell = webhooks.DeliveriesAdded.Next;
            var claimed = 0;
            try
            {
                // Claim only what there is room to send now: a claimed delivery waiting for a slot would hold its lease idle.
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var deliveries = await webhooks.ClaimDeliveriesAsync(worker.NodeId, slots.CurrentCount, options.Lease, time.GetUtcNow(), stoppingToken);
                claimed = deliveries.Count;
                foreach (var delivery in deliveries)
                {
                    await slots.WaitAsync(stoppingToken);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await SendAsync(delivery, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogClaimFailed(e);
            }
            if (claimed > 0) continue;
            try
            {
                await Task.WhenAny(bell, Task.Delay(options.PollInterval, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        try
        {
            var result = await AttemptAsync(delivery, ct);
            if (!await store.Webhooks.RecordAttemptAsync(delivery, result, CancellationToken.None)) LogLeaseLost(delivery.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease lapses and another node (or this one, restarted) sends it.
        }
        catch (Exception e)
        {
            LogSendFailed(e, delivery.Id);
        }
    }

    private async Task<WebhookAttemptResult> AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        string? response = null;
        var subscription = await store.Webhooks.GetSubscriptionAsync(delivery.Namespace, delivery.SubscriptionId, ct);
        if (subscription is null) error = "the subscription was deleted";
        else
        {
            try
            {
                var body = WebhookBody.Compose(delivery);
                var timestamp = started.ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Weft-Delivery-Id", delivery.Id);
                request.Headers.Add("Weft-Event", delivery.Event);
                request.Headers.Add("Weft-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("Weft-Signature", WebhookSignature.Sign(secrets.Unprotect(subscription.ProtectedSecret), timestamp, body));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.AttemptTimeout);
                using var answer = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)answer.StatusCode;
                response = await ExcerptAsync(answer, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"no answer within {options.AttemptTimeout}";
            }
            catch (HttpRequestException e)
            {
                error = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                error = "the subscription's secret cannot be read: the Data Protection key ring that protected it is gone (set a new secret)";
            }
        }
        var now = time.GetUtcNow();
        if (status is >= 200 and < 300)
            return new(started, worker.NodeId, status, null, response, clock.Elapsed, WebhookDelivery.Delivered, now);
        var next = now + Backoff(delivery.Attempts + 1);
        var outcome = subscription is null || next > delivery.Since + options.GiveUpAfter ? WebhookDelivery.Failed : WebhookDelivery.Pending;
        error ??= $"answered {status}";
        return new(started, worker.NodeId, status, error, response, clock.Elapsed, outcome, outcome == WebhookDelivery.Pending ? next : now);
    }

    /// <summary>Exponential in the attempt number, capped, with "equal jitter": between half and all of that delay.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var delay = Math.Min(options.MaxBackoff.TotalMilliseconds, options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(delay / 2 + Random.Shared.NextDouble() * delay / 2);
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage answer, CancellationToken ct)
    {
        await using var stream = await answer.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ExcerptChars * 4];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > ExcerptChars ? text[..ExcerptChars] : text;
    }

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "Claiming webhook deliveries failed; trying again")]
    private partial void LogClaimFailed(Exception e);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Sending webhook delivery {Id} failed unexpectedly; it is sent again when its lease lapses")]
    private partial void LogSendFailed(Exception e, string id);

    [LoggerMessage(EventId = 722, Level = LogLevel.Information, Message = "Webhook delivery {Id} was taken over by another sender before its attempt was recorded")]
    private partial void LogLeaseLost(string id);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Weft.Server.Tests.Support;

/// <summary>One webhook POST as the receiver saw it.</summary>
public sealed record ReceivedHook(string DeliveryId, string Event, string Timestamp, string Signature, string Body, int AnsweredWith)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>Checks the signature as a receiver should: HMAC-SHA256 of "{timestamp}.{body}" with the secret, hex, after "v1=".</summary>
    public bool SignedWith(string secret)
    {
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{Timestamp}.{Body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
    }
}

/// <summary>
/// A webhook receiver on 127.0.0.1: records every POST with its Weft headers, answers <see cref="Status"/>, and can
/// hold requests open (<see cref="Hold"/>) to keep a delivery in flight.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request, answered or held, in arrival order.</summary>
    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    /// <summary>Status to answer with (default 200).</summary>
    public int Status { get; set; } = 200;

    /// <summary>While true, requests are held open and never answered.</summary>
    public bool Hold { get; set; }

    /// <summary>Completes when a request is being held.</summary>
    public Task FirstHeld => _firstHeld.Task;

    /// <summary>Distinct delivery ids answered with a 2xx.</summary>
    public IReadOnlyCollection<string> Delivered => Received.Where(r => r.AnsweredWith is >= 200 and < 300).Select(r => r.DeliveryId).ToHashSet();

    public static async Task<WebhookReceiver> StartAsync(int? port = null)
    {
        port ??= ServerProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hooks"));
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var headers = context.Request.Headers;
            var held = receiver.Hold;
            var status = held ? 0 : receiver.Status;
            receiver.Received.Enqueue(new ReceivedHook(headers["Weft-Delivery-Id"].ToString(), headers["Weft-Event"].ToString(), headers["Weft-Timestamp"].ToString(),
                headers["Weft-Signature"].ToString(), body, status));
            if (held)
            {
                receiver._firstHeld.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? "{\"ok\":true}" : "busy, try later");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (a bounded poll) until <paramref name="done"/> holds.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: not within {within}; received {Received.Count}: " + string.Join(", ", Received.Select(r => $"{r.Event}/{r.AnsweredWith}")));
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Hold = false;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

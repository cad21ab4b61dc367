using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Weft.Server.Tests.Support;

/// <summary>An HTTP endpoint on 127.0.0.1 that http steps call: it counts requests per Idempotency-Key and per body.</summary>
public sealed class TestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Requests seen per Idempotency-Key header.</summary>
    public ConcurrentDictionary<string, int> ByKey { get; } = new();

    /// <summary>Request bodies seen, in arrival order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Status to answer with (default 200).</summary>
    public int Status { get; set; } = 200;

    /// <summary>Paths (such as <c>/fail</c>) answered with 500 whatever <see cref="Status"/> says, while they are in the set.</summary>
    public ConcurrentDictionary<string, bool> FailPaths { get; } = new();

    /// <summary>How long to wait before answering (default none): keeps a call in flight.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<TestEndpoint> StartAsync()
    {
        var port = ServerProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new TestEndpoint(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(async context =>
        {
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            endpoint.ByKey.AddOrUpdate(key, 1, (_, n) => n + 1);
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            endpoint.Bodies.Enqueue(body);
            if (endpoint.Delay > TimeSpan.Zero) await Task.Delay(endpoint.Delay);
            context.Response.StatusCode = endpoint.FailPaths.ContainsKey(context.Request.Path) ? 500 : endpoint.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"received\":true,\"method\":\"{context.Request.Method}\",\"path\":\"{context.Request.Path}\"}}");
        });
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>One real server on a fresh SQLite file, shared by a test class, plus a test endpoint for http steps.</summary>
public sealed class SqliteServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public ServerProcess Server { get; private set; } = null!;

    public TestEndpoint Endpoint { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public async ValueTask InitializeAsync()
    {
        Endpoint = await TestEndpoint.StartAsync();
        Server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>
        {
            ["Weft__Http__AllowPrivateNetworks"] = "true",
            ["Weft__Api__MaxBodyBytes"] = "65536",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Endpoint.DisposeAsync();
        _dir.Dispose();
    }
}

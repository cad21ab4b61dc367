using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>A real server on a fresh SQLite file with a few users configured (Weft:Users), plus a payment endpoint.</summary>
public sealed class HumanServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public ServerProcess Server { get; private set; } = null!;

    public TestEndpoint Endpoint { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public static Dictionary<string, string> Users => new()
    {
        ["Weft__Users__ann__Name"] = "Ann",
        ["Weft__Users__ann__Roles__0"] = "managers",
        ["Weft__Users__ann__Attributes__dept"] = "finance",
        ["Weft__Users__sam__Attributes__dept"] = "sales",
        ["Weft__Users__dora__Roles__0"] = "directors",
        ["Weft__Http__AllowPrivateNetworks"] = "true",
    };

    public async ValueTask InitializeAsync()
    {
        Endpoint = await TestEndpoint.StartAsync();
        Server = await ServerProcess.StartAsync(_dir.Path, Users);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Endpoint.DisposeAsync();
        _dir.Dispose();
    }
}

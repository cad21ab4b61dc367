using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

public sealed class OutboundGuardTests
{
    [Fact]
    public async Task HttpStep_ToLoopback_IsRefusedByDefault()
    {
        using var dir = new TempDirectory();
        await using var endpoint = await TestEndpoint.StartAsync();
        await using var server = await ServerProcess.StartAsync(dir.Path, new Dictionary<string, string>());
        await server.Client.DeployAsync(ServerProcess.Sample("call.yaml"));
        var id = await server.Client.StartAsync("call", new() { ["url"] = endpoint.Address.ToString() });
        var run = await server.Client.WaitEndedAsync(id, TimeSpan.FromSeconds(60));
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("not allowed");
        endpoint.ByKey.ShouldBeEmpty();
    }
}

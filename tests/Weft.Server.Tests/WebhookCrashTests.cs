using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// The server is killed (SIGKILL) while the receiver holds its webhook POSTs open; restarted on the same database,
/// it sends every delivery again once the dead node's leases lapse: every delivery arrives, with a valid signature.
/// </summary>
public sealed class WebhookCrashTests
{
    private const int Runs = 10;

    [Fact]
    public async Task KillMidDelivery_Sqlite_EveryDeliveryArrives()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, StoreSettings.Sqlite(dir.Path, "hooks.db"));
    }

    [Fact]
    public async Task KillMidDelivery_Postgres_EveryDeliveryArrives()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, await StoreSettings.PostgresAsync());
    }

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings = WebhookApi.FastRetries(settings);
        settings["Weft__Worker__NodeId"] = "webhook-crash-node";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        string webhook = "", secret = "";
        var heldBeforeKill = new HashSet<string>();
        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("webhook-events.yaml"));
            (webhook, secret) = await first.Client.SubscribeAsync(receiver.Address, ["run.started", "run.completed"]);
            for (var i = 0; i < Runs; i++) await first.Client.StartAsync("webhook-events", new() { ["mode"] = "complete" });
            await receiver.FirstHeld.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }, whileDown: () =>
        {
            heldBeforeKill = receiver.Received.Select(h => h.DeliveryId).ToHashSet();
            heldBeforeKill.ShouldNotBeEmpty();
            receiver.Hold = false;
            return Task.CompletedTask;
        });
        await receiver.WaitUntilAsync(r => r.Delivered.Count == Runs * 2, TimeSpan.FromSeconds(60), "every delivery after the restart");
        var list = await second.Client.WaitDeliveriesAsync(webhook, Runs * 2, "delivered", TimeSpan.FromSeconds(10));
        receiver.Delivered.ShouldBe(list.Select(d => d!["id"]!.GetValue<string>()), ignoreOrder: true);
        heldBeforeKill.ShouldBeSubsetOf(receiver.Delivered);
        receiver.Received.Where(h => h.AnsweredWith == 200).ShouldAllBe(h => h.SignedWith(secret));
    }
}

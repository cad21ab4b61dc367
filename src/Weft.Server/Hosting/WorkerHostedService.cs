using Weft.Core.Workers;

namespace Weft.Server.Hosting;

/// <summary>Starts the run worker with the host and stops it (handing back its leases) on shutdown.</summary>
internal sealed class WorkerHostedService(RunWorker worker, CheckpointCommitter committer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => worker.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await worker.DisposeAsync();
        await committer.DisposeAsync();
    }
}

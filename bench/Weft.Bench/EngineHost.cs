using Microsoft.Extensions.Logging.Abstractions;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Workers;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>The engine without the HTTP host: store, committer, worker and services, wired as the server wires them.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private EngineHost(IWeftStore store, CheckpointCommitter committer, RunWorker worker, RunService runs, DefinitionService definitions)
    {
        Store = store;
        Committer = committer;
        Worker = worker;
        Runs = runs;
        Definitions = definitions;
    }

    public IWeftStore Store { get; }

    public CheckpointCommitter Committer { get; }

    public RunWorker Worker { get; }

    public RunService Runs { get; }

    public DefinitionService Definitions { get; }

    public static async Task<EngineHost> StartAsync(StorageOptions storage, string dir)
    {
        var store = await StoreFactory.OpenAsync(storage, dir, CancellationToken.None);
        var options = new WorkerOptions { NodeId = "bench-" + Environment.ProcessId };
        if (int.TryParse(Environment.GetEnvironmentVariable("WEFT_BENCH_CONCURRENCY"), out var c)) options.Concurrency = c;
        var limits = new ExpressionLimits();
        var cache = new DefinitionCache(store.Definitions);
        var committer = new CheckpointCommitter(store.Writer, options);
        var engine = new WorkflowEngine(limits);
        var worker = new RunWorker(store, cache, engine, committer, new NoHttp(), options, TimeProvider.System, NullLogger<RunWorker>.Instance);
        var definitions = new DefinitionService(store, cache, TimeProvider.System);
        var runs = new RunService(store, definitions, engine, worker, TimeProvider.System);
        await worker.StartAsync(CancellationToken.None);
        return new EngineHost(store, committer, worker, runs, definitions);
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Committer.DisposeAsync();
        await Store.DisposeAsync();
    }

    private sealed class NoHttp : IHttpStepClient
    {
        public Task<System.Text.Json.Nodes.JsonObject> SendAsync(System.Text.Json.Nodes.JsonObject request, CancellationToken ct) =>
            throw new InvalidOperationException("the benchmark workload makes no HTTP calls");
    }
}

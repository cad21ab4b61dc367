using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Core.Commands;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Workers;
using Weft.Storage;

namespace Weft.Bench;

/// <summary>The engine without the HTTP host: store, committer, worker and services, wired as the server wires them.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private EngineHost(NodeParts node) => Node = node;

    public NodeParts Node { get; }

    public IWeftStore Store => Node.Store;

    public RunWorker Worker => Node.Worker;

    public DefinitionService Definitions => Node.Definitions;

    /// <summary>Starts a run of the benchmark's definition as the native API does.</summary>
    public async Task<RunRecord> StartAsync(string definition, JsonObject input) =>
        (await Node.Starter.StartAsync(new StartRun { Namespace = "default", Definition = definition, Input = input }, CancellationToken.None)).Run;

    public static async Task<EngineHost> StartAsync(StorageOptions storage, string dir)
    {
        var store = await StoreFactory.OpenAsync(storage, dir, CancellationToken.None);
        var options = new WorkerOptions { NodeId = "bench-" + Environment.ProcessId };
        if (int.TryParse(Environment.GetEnvironmentVariable("WEFT_BENCH_CONCURRENCY"), out var c)) options.Concurrency = c;
        var node = NodeParts.Create(store, options, new NoHttp(), TimeProvider.System, NullLoggerFactory.Instance);
        await node.Worker.StartAsync(CancellationToken.None);
        return new EngineHost(node);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Store.DisposeAsync();
    }

    private sealed class NoHttp : IHttpStepClient
    {
        public Task<JsonObject> SendAsync(JsonObject request, CancellationToken ct) =>
            throw new InvalidOperationException("the benchmark workload makes no HTTP calls");
    }
}

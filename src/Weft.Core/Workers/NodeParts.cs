using Microsoft.Extensions.Logging;
using Weft.Core.Commands;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Services;
using Weft.Core.Storage;

namespace Weft.Core.Workers;

/// <summary>
/// One node's engine without a host, wired as the server's container wires it: for the benchmark and the tests that
/// drive the engine in process. Dispose it to stop the worker and the committer (the store is the caller's).
/// </summary>
public sealed class NodeParts : IAsyncDisposable
{
    private NodeParts(IWeftStore store, WorkerOptions options, ExpressionLimits limits, IHttpStepClient http, TimeProvider time, ILoggerFactory logs)
    {
        Store = store;
        Options = options;
        Engine = new WorkflowEngine(limits);
        Cache = new DefinitionCache(store.Definitions);
        Committer = new CheckpointCommitter(store.Writer, options);
        Ready = new ReadyQueue();
        Ended = new RunEndedFeed();
        Signal = store.OpenWorkSignal(options.NodeId);
        Gateway = new RunCommitter(Committer, Ready, Ended, Signal);
        Definitions = new DefinitionService(store, Cache, time);
        Cases = new CaseService(store, Definitions, time);
        ParameterSets = new ParameterSetService(store, Definitions, time);
        Starter = new RunStarter(store, Definitions, Cases, ParameterSets, Engine, Gateway, time);
        Runs = new RunService(store, Definitions);
        Control = new RunControl(Runs, Cache, Engine, Gateway, Signal, Starter, time);
        Worker = new RunWorker(store, Cache, Engine, Gateway, Ready, Signal, Starter, http, options, time, logs.CreateLogger<RunWorker>());
    }

    public IWeftStore Store { get; }

    public WorkerOptions Options { get; }

    public WorkflowEngine Engine { get; }

    public DefinitionCache Cache { get; }

    public CheckpointCommitter Committer { get; }

    public ReadyQueue Ready { get; }

    public RunEndedFeed Ended { get; }

    public IWorkSignal Signal { get; }

    public IRunCommitter Gateway { get; }

    public DefinitionService Definitions { get; }

    public CaseService Cases { get; }

    public ParameterSetService ParameterSets { get; }

    public RunStarter Starter { get; }

    public RunService Runs { get; }

    public RunControl Control { get; }

    public RunWorker Worker { get; }

    /// <summary>Wires the parts; the worker is not started (<see cref="RunWorker.StartAsync"/>).</summary>
    public static NodeParts Create(IWeftStore store, WorkerOptions options, IHttpStepClient http, TimeProvider time, ILoggerFactory logs, ExpressionLimits? limits = null) =>
        new(store, options, limits ?? new ExpressionLimits(), http, time, logs);

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Committer.DisposeAsync();
    }
}

namespace Weft.Core.Storage;

/// <summary>A storage provider: its role interfaces, and the schema set-up run at start.</summary>
public interface IWeftStore : IAsyncDisposable
{
    string Provider { get; }

    /// <summary>True when no other process can change the store (SQLite holds a file lock): a cache of stored data kept in this process stays exact.</summary>
    bool SingleProcess => false;

    IDefinitionStore Definitions { get; }

    INamespaceStore Namespaces { get; }

    IRunStore Runs { get; }

    IRunWriter Writer { get; }

    IWorkQueue Work { get; }

    IEventStore Events { get; }

    IScheduleStore Schedules { get; }

    ITaskStore Tasks { get; }

    IIntegrationItemStore Integration { get; }

    IIdentityStore Identity { get; }

    ICaseStore Cases { get; }

    IParameterSetStore ParameterSets { get; }

    IWebhookStore Webhooks { get; }

    /// <summary>
    /// The node's work signal (<see cref="Workers.IWorkSignal"/>): in process, unless the store can carry it to the other
    /// nodes (PostgreSQL: <c>LISTEN/NOTIFY</c>). Opened once per node.
    /// </summary>
    Workers.IWorkSignal OpenWorkSignal(string node) => new Workers.LocalWorkSignal();

    /// <summary>Creates or upgrades the schema from the numbered scripts; safe to call on every start, from several nodes.</summary>
    Task MigrateAsync(CancellationToken ct);
}

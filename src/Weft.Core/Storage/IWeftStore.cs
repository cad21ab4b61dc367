namespace Weft.Core.Storage;

/// <summary>A storage provider: its role interfaces, and the schema set-up run at start.</summary>
public interface IWeftStore : IAsyncDisposable
{
    string Provider { get; }

    IDefinitionStore Definitions { get; }

    INamespaceStore Namespaces { get; }

    IRunStore Runs { get; }

    IRunWriter Writer { get; }

    IWorkQueue Work { get; }

    IEventStore Events { get; }

    IScheduleStore Schedules { get; }

    ITaskStore Tasks { get; }

    IIntegrationItemStore Integration { get; }

    IWebhookStore Webhooks { get; }

    /// <summary>Creates or upgrades the schema from the numbered scripts; safe to call on every start, from several nodes.</summary>
    Task MigrateAsync(CancellationToken ct);
}

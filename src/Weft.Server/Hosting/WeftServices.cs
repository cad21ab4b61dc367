using Microsoft.Extensions.Options;
using Weft.Core.Commands;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Schedules;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Workers;
using Weft.Server.Api;
using Weft.Server.Http;
using Weft.Server.Webhooks;
using Weft.Storage;

namespace Weft.Server.Hosting;

/// <summary>Registers Weft's parts with the host: options, the store, the engine, the worker and the application services.</summary>
internal static class WeftServices
{
    public static async Task AddWeftAsync(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Weft");
        var storage = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var worker = config.GetSection("Worker").Get<WorkerOptions>() ?? new WorkerOptions();
        if (config["Worker:NodeId"] is null)
            worker.NodeId = $"{Environment.MachineName}:{PortOf(builder.Configuration["urls"])}";
        var limits = config.GetSection("Expressions").Get<ExpressionLimits>() ?? new ExpressionLimits();
        worker.Validate();
        limits.Validate();
        builder.Services.Configure<ApiOptions>(config.GetSection("Api"));
        builder.Services.Configure<HttpStepOptions>(config.GetSection("Http"));
        var maxBody = config.GetSection("Api").Get<ApiOptions>()?.MaxBodyBytes ?? new ApiOptions().MaxBodyBytes;
        if (maxBody < 1024) throw new InvalidOperationException("Weft:Api:MaxBodyBytes must be at least 1024.");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody + 1);

        var time = TimeProvider.System;
        var store = await StoreFactory.OpenAsync(storage, Directory.GetCurrentDirectory(), time, CancellationToken.None);
        builder.Services.AddSingleton<IWeftStore>(_ => store);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton(new WorkflowEngine(limits));
        builder.Services.AddSingleton(sp => new DefinitionCache(sp.GetRequiredService<IWeftStore>().Definitions));
        builder.Services.AddSingleton(sp => new CheckpointCommitter(sp.GetRequiredService<IWeftStore>().Writer, worker));
        builder.Services.AddSingleton<ReadyQueue>();
        builder.Services.AddSingleton<RunEndedFeed>();
        builder.Services.AddSingleton<IRunEndedFeed>(sp => sp.GetRequiredService<RunEndedFeed>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IWeftStore>().OpenWorkSignal(worker.NodeId));
        builder.Services.AddSingleton<IRunCommitter, RunCommitter>();
        builder.Services.AddSingleton<RunStarter>();
        builder.Services.AddSingleton<RunWorker>();
        builder.Services.AddSingleton<DefinitionService>();
        builder.Services.AddSingleton<RunService>();
        builder.Services.AddSingleton<RunControl>();
        builder.Services.AddSingleton<CaseService>();
        builder.Services.AddSingleton<ParameterSetService>();
        builder.Services.AddSingleton<RunEndSignal>();
        builder.Services.AddSingleton<RunResultService>();
        builder.Services.AddSingleton(EventOptions.From(config["Events:Retention"]));
        builder.Services.AddSingleton<EventService>();
        builder.Services.AddSingleton<TaskService>();
        builder.Services.AddSingleton<IntegrationService>();
        builder.Services.AddSingleton<NumberedIds>();
        builder.Services.AddSingleton<IHttpStepClient, HttpStepClient>();
        builder.Services.AddHostedService<WorkerHostedService>();
        var schedules = config.GetSection("Schedules").Get<SchedulerOptions>() ?? new SchedulerOptions();
        schedules.Validate();
        builder.Services.AddSingleton(schedules);
        builder.Services.AddSingleton<ScheduleService>();
        builder.Services.AddSingleton<Scheduler>();
        builder.Services.AddHostedService<SchedulerHostedService>();
        builder.AddWeftWebhooks();
        builder.Services.AddHttpClient(HttpStepClient.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<HttpStepOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectCallback = (context, ct) => OutboundGuard.ConnectAsync(context, options, ct),
                    AllowAutoRedirect = false,
                    // A proxy would make the guard check the proxy's address instead of the target's.
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            });
    }

    private static string PortOf(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && Uri.TryCreate(first.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var u)
            ? u.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "0";
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Weft.Core.Storage;
using Weft.Server.Http;

namespace Weft.Server.Webhooks;

/// <summary>Registers webhooks: settings, Data Protection over the store's key ring, the guarded HTTP client and the sender.</summary>
internal static class WebhookServices
{
    public static void AddWeftWebhooks(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Weft:Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddDataProtection().SetApplicationName("Weft");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IWeftStore, TimeProvider>((o, store, time) => o.XmlRepository = new StoreXmlRepository(store.Webhooks, time));
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookService>();
        builder.Services.AddHostedService<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = sp.GetRequiredService<IOptions<HttpStepOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectCallback = (context, ct) => OutboundGuard.ConnectAsync(context, guard, ct),
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            });
    }
}

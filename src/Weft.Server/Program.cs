using System.Text.Json.Serialization;
using Weft.Core.Storage;
using Weft.Server.Api;
using Weft.Server.Api.OpenApi;
using Weft.Server.Auth;
using Weft.Server.Compat.WorkflowWebApi;
using Weft.Server.Compat.WorkflowServerApi;
using Weft.Server.Hosting;

// Settings files sit beside the binary; the data folder is under the working directory (see StoreFactory).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5080";
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
await builder.AddWeftAsync();
builder.AddWeftAuth();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = UnsupportedMediaType.Describe);
builder.Services.AddExceptionHandler<ProblemMapping>();
builder.Services.AddOpenApi(o => o.AddWeftSecurity());
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // The contracts' generated metadata first; reflection stays behind it for the few answers built by hand.
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, Weft.Contracts.WeftJsonContext.Default);
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
await app.UseWeftAuthAsync();
app.MapOpenApi("/openapi/v1.json").AllowAnyone();
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "docs";
    o.SwaggerEndpoint("/openapi/v1.json", "Weft API v1");
});
app.MapGet("/health", (IWeftStore store) => TypedResults.Ok(new { status = "ok", storage = store.Provider }))
    .WithName("Health").AllowAnyone().WithSummary("Answers 200 once the server is ready").WithTags("Operations");
app.MapHomePage();
var storage = app.Services.GetRequiredService<IWeftStore>();
if (storage is Weft.Storage.PostgresStore postgres) postgres.UseLogger(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Weft.Storage"));
app.Logger.LogInformation("Weft storage: {Storage}", storage is Weft.Storage.SqliteStore sqlite ? "sqlite at " + sqlite.DatabasePath : storage.Provider);
// The front doors, one line each (docs/architecture.md, "Adding a front door"): each maps its routes onto the same
// application layer (Weft.Core's commands and services) with its own error shape, JSON, namespace and credentials.
app.MapWeftApi();
app.MapWorkflowWebApi();
app.MapWorkflowServerApi();
app.Run();

/// <summary>The server's entry point, visible to the functional tests' host.</summary>
public partial class Program;

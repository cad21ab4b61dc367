using Weft.Server.FrontDoors;

namespace Weft.Server.Api;

/// <summary>Weft's native API: one front door (ProblemDetails, <c>{ns}</c> in the route, bearer tokens) over the application layer.</summary>
internal static class WeftApi
{
    public static IEndpointRouteBuilder MapWeftApi(this IEndpointRouteBuilder app)
    {
        var weft = app.MapGroup("/").WithFrontDoor(FrontDoor.Native);
        weft.MapNamespacesApi();
        weft.MapDefinitionsApi();
        weft.MapRunsApi();
        weft.MapRunInspectionApi();
        weft.MapRunControlApi();
        weft.MapEventsApi();
        weft.MapSchedulesApi();
        weft.MapTasksApi();
        weft.MapIntegrationApi();
        weft.MapCasesApi();
        weft.MapParameterSetsApi();
        weft.MapRunResultApi();
        weft.MapWebhooksApi();
        return app;
    }
}

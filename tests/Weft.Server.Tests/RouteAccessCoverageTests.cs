using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Weft.Server.Auth;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Every route the server maps says who may call it: a route added without an <see cref="AccessRule"/> fails here.</summary>
public sealed class RouteAccessCoverageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weft-routes-").FullName;

    [Fact]
    public void Every_route_carries_an_access_rule()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("Weft:Storage:ConnectionString", $"Data Source={Path.Combine(_dir, "weft.db")}"));
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        endpoints.Count.ShouldBeGreaterThan(30);
        var missing = endpoints
            .Where(e => e.Metadata.GetMetadata<AccessRule>() is null)
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .ToList();
        missing.ShouldBeEmpty("these routes say nothing about who may call them");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

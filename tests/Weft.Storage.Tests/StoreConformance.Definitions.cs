using Shouldly;
using Weft.Core.Definitions;
using Weft.Core.Services;
using Xunit;

namespace Weft.Storage.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task DefinitionService_LatestAfterADeploy_IsTheNewVersion()
    {
        var service = new DefinitionService(Store, new DefinitionCache(Store.Definitions), TimeProvider.System);
        await service.DeployAsync("default", "name: d\nsteps:\n  - id: a\n    kind: end\n", json: false, Ct);
        (await service.GetAsync("default", "d", null, Ct)).Version.ShouldBe(1);
        (await service.GetAsync("default", "d", null, Ct)).Version.ShouldBe(1);

        await service.DeployAsync("default", "name: d\nsteps:\n  - id: b\n    kind: end\n", json: false, Ct);

        (await service.GetAsync("default", "d", null, Ct)).Version.ShouldBe(2);
        (await service.GetAsync("default", "d", 1, Ct)).Version.ShouldBe(1);
        await Should.ThrowAsync<NotFoundException>(() => service.GetAsync("default", "nope", null, Ct));
    }

    [Fact]
    public void SingleProcess_OnlyForSqlite() =>
        Store.SingleProcess.ShouldBe(Store.Provider == "sqlite");
}

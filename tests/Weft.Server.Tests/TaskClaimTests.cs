using System.Net;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Claiming a task assigned to a role: the claimant takes it as their own, and the others cannot.</summary>
public sealed class TaskClaimTests(HumanServerFixture fixture) : IClassFixture<HumanServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<string> CreateForManagersAsync()
    {
        var (created, task) = await Client.SendAsAsync("carl", HttpMethod.Post, "/api/v1/namespaces/default/tasks",
            """{ "title": "Approve the budget", "assignee": { "role": "managers" } }""");
        created.ShouldBe(HttpStatusCode.Created, task?.ToJsonString());
        return task!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Claim_ByARoleHolder_MakesTheTaskTheirs_AndAgainIsTheSame()
    {
        var id = await CreateForManagersAsync();
        var (status, task) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/claim");
        status.ShouldBe(HttpStatusCode.OK, task?.ToJsonString());
        task!["assignee"]!["user"]!.GetValue<string>().ShouldBe("ann");
        task["assignee"]!["role"].ShouldBeNull();

        var (again, same) = await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/claim");
        again.ShouldBe(HttpStatusCode.OK);
        same!["assignee"]!["user"]!.GetValue<string>().ShouldBe("ann");
        (await Client.InboxAsync("ann")).ShouldContain(t => t!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Claim_BySomeoneWithoutTheRole_Is403_AndTheTaskStaysTheRoles()
    {
        var id = await CreateForManagersAsync();
        (await Client.SendAsAsync("dora", HttpMethod.Post, $"/api/v1/tasks/{id}/claim")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.GetTaskAsync(id))["assignee"]!["role"]!.GetValue<string>().ShouldBe("managers");
    }

    [Fact]
    public async Task Claim_OfACompletedTask_Is409()
    {
        var id = await CreateForManagersAsync();
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", """{ "action": "approve" }""")).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/claim")).Status.ShouldBe(HttpStatusCode.Conflict);
    }
}

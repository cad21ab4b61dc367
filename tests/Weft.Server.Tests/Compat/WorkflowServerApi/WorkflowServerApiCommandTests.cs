using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;
using static Weft.Server.Tests.Compat.WorkflowServerApi.WorkflowApiCalls;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>
/// Reference 001's commands on a human step (getavailablecommands, executecommand), inbox and outbox, as a client of
/// the product sends them; ann holds the step's role <c>managers</c>, bob does not.
/// </summary>
public sealed class WorkflowServerApiCommandTests(WorkflowServerApiFixture fx) : IClassFixture<WorkflowServerApiFixture>
{
    [Fact]
    public async Task The_human_steps_actions_are_the_commands_of_whoever_may_act_and_executing_one_finalizes_the_instance()
    {
        using var api = fx.Server.ClientFor(await fx.PageTokenAsync(Ct));
        var id = Guid.NewGuid().ToString();
        (await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/createinstance/{id}",
            """{"schemeCode":"TestScheme","identityId":"ann","parameters":[{"name":"Amount","value":10,"persist":true}]}"""))["success"]!.GetValue<bool>().ShouldBeTrue();
        await InfoWhenAsync(api, id, 2);

        var commands = await EnvelopeAsync(api, HttpMethod.Get, $"/workflowapi/getavailablecommands/{id}?identityId=ann");
        commands["success"]!.GetValue<bool>().ShouldBeTrue(commands.ToJsonString());
        var list = commands["data"]!.AsArray();
        list.Select(c => c!["CommandName"]!.GetValue<string>()).ShouldBe(["approve", "reject"]);
        list[0]!["Classifier"]!.GetValue<int>().ShouldBe(1);
        list[1]!["Classifier"]!.GetValue<int>().ShouldBe(2);
        list[0]!["ValidForStateName"]!.GetValue<string>().ShouldBe("decide");
        list[0]!["ProcessId"]!.GetValue<string>().ShouldBe(id);
        list[0]!["Parameters"]!.AsArray().Single()!["ParameterName"]!.GetValue<string>().ShouldBe("comment");
        list[0]!["Identities"].ShouldBeOfType<JsonArray>();

        // The product answers bob an empty list without a word; Weft says which rule refused.
        var none = await EnvelopeAsync(api, HttpMethod.Get, $"/workflowapi/getavailablecommands/{id}?identityId=bob");
        none["data"]!.AsArray().ShouldBeEmpty();
        none["message"]!.GetValue<string>().ShouldContain("role 'managers'");

        var inbox = await EnvelopeAsync(api, HttpMethod.Get, "/workflowapi/inbox?identityId=ann");
        inbox["data"]!.AsArray().Select(i => i!["ProcessId"]!.GetValue<string>()).ShouldContain(id);
        (await EnvelopeAsync(api, HttpMethod.Get, "/workflowapi/inbox?identityId=bob"))["data"]!.AsArray().Select(i => i!["ProcessId"]!.GetValue<string>()).ShouldNotContain(id);

        // bob's executecommand: the product's bare false; Weft's reason.
        var refused = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"command":"approve","identityId":"bob"}""");
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldContain("'bob' may not execute approve: step 'decide' is assigned to role 'managers'");
        var unknown = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"command":"publish","identityId":"ann"}""");
        unknown["message"]!.GetValue<string>().ShouldStartWith("The command publish is not found!");
        unknown["message"]!.GetValue<string>().ShouldContain("approve, reject");

        var executed = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}",
            """{"command":"approve","identityId":"ann","parameters":[{"name":"comment","value":"fine"}]}""");
        executed["success"]!.GetValue<bool>().ShouldBeTrue(executed.ToJsonString());
        executed["data"]!["WasExecuted"]!.GetValue<bool>().ShouldBeTrue();
        executed["data"]!["ProcessInstance"]!["Id"]!.GetValue<string>().ShouldBe(id);

        var finalized = await InfoWhenAsync(api, id, 3);
        finalized["ProcessParameters"]!["Amount"]!.GetValue<int>().ShouldBe(10);
        finalized["Transitions"]!.AsArray().Select(t => t!["ToActivityName"]!.GetValue<string>()).ShouldContain("decide");

        (await EnvelopeAsync(api, HttpMethod.Get, "/workflowapi/outbox?identityId=ann"))["data"]!.AsArray()
            .Select(i => i!["ProcessId"]!.GetValue<string>()).ShouldContain(id);
        (await EnvelopeAsync(api, HttpMethod.Get, $"/workflowapi/getavailablecommands/{id}?identityId=ann"))["message"]!.GetValue<string>().ShouldContain("no human step");
    }

    [Fact]
    public async Task Commands_name_their_missing_pieces_and_a_caller_may_act_only_as_itself_unless_it_administers_the_namespace()
    {
        using var api = fx.Server.ClientFor(await fx.PageTokenAsync(Ct));
        var id = Guid.NewGuid().ToString();
        await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/createinstance/{id}", """{"schemeCode":"TestScheme"}""");
        await InfoWhenAsync(api, id, 2);
        (await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"identityId":"ann"}"""))["message"]!.GetValue<string>()
            .ShouldBe("Parameter 'command' is required and must be string!");
        (await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"command":"approve"}"""))["message"]!.GetValue<string>()
            .ShouldContain("'identityId' is required");
        (await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"command":"approve","identityId":"nobody"}"""))["message"]!.GetValue<string>()
            .ShouldContain("No user 'nobody'");

        // An operator client of the namespace (not its admin) may not act as ann.
        var secret = await fx.Server.CreateClientAsync("crm-operator", [("default", "operator")]);
        using var operatorApi = fx.Server.ClientFor(await fx.Server.ClientTokenAsync("crm-operator", secret));
        var refused = await EnvelopeAsync(operatorApi, HttpMethod.Post, $"/workflowapi/executecommand/{id}", """{"command":"approve","identityId":"ann"}""");
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldContain("Only an admin of namespace 'default'");
        await InfoWhenAsync(api, id, 2);
    }
}

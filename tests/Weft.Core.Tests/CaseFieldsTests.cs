using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Cases;
using Weft.Core.Services;
using Xunit;

namespace Weft.Core.Tests;

public sealed class CaseFieldsTests
{
    private static readonly CaseRecord Empty = new() { Id = "c1", Namespace = "default" };

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("ada.lovelace+news@mail.example.co.uk", true)]
    [InlineData("ada at example.com", false)]
    [InlineData("ada@localhost", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("ada@@example.com", false)]
    [InlineData("ada@example..com", false)]
    [InlineData("@example.com", false)]
    public void IsEmail_PlainAddressOnly(string text, bool valid) => CaseFields.IsEmail(text).ShouldBe(valid);

    [Fact]
    public void Apply_EveryWrongField_IsListed_AndNothingApplied()
    {
        var body = new JsonObject { ["firstName"] = new string('x', 201), ["personalNumber"] = new string('1', 65), ["email"] = "nope", ["companyName"] = 7, ["attributes"] = "x", ["age"] = 3 };
        var e = Should.Throw<FieldsException>(() => CaseFields.Apply(Empty, body, replace: true));
        e.Problems.Select(p => p.Field).ShouldBe(["firstName", "personalNumber", "email", "companyName", "attributes", "age"], ignoreOrder: true);
    }

    [Fact]
    public void Apply_PatchKeepsWhatIsLeftOut_PutClearsIt()
    {
        var ada = CaseFields.Apply(Empty, new JsonObject { ["firstName"] = " Ada ", ["email"] = "ada@example.com", ["attributes"] = new JsonObject { ["tier"] = "gold" } }, replace: true);
        (ada.FirstName, ada.Email, ada.Attributes["tier"]!.GetValue<string>()).ShouldBe(("Ada", "ada@example.com", "gold"));

        var patched = CaseFields.Apply(ada, new JsonObject { ["email"] = null, ["lastName"] = "Lovelace" }, replace: false);
        (patched.FirstName, patched.LastName, patched.Email, patched.Attributes.Count).ShouldBe(("Ada", "Lovelace", null, 1));

        var replaced = CaseFields.Apply(patched, new JsonObject { ["lastName"] = "King" }, replace: true);
        (replaced.FirstName, replaced.LastName, replaced.Attributes.Count).ShouldBe((null, "King", 0));
    }

    [Fact]
    public void Erased_ClearsEveryPersonalField_KeepsIdentity()
    {
        var ada = CaseFields.Apply(Empty, new JsonObject { ["firstName"] = "Ada", ["personalNumber"] = "1234", ["companyAddress"] = "London", ["attributes"] = new JsonObject { ["x"] = 1 } }, replace: true);
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var subject = ada.Erased(at).Subject();
        subject["id"]!.GetValue<string>().ShouldBe("c1");
        subject.ToJsonString().ShouldNotContain("Ada");
        subject.ToJsonString().ShouldNotContain("1234");
        subject.ToJsonString().ShouldNotContain("London");
        subject["erasedAt"]!.GetValue<string>().ShouldStartWith("2026-11-23T12:00:00");
    }
}

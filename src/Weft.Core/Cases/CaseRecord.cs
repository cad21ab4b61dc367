using System.Text.Json.Nodes;

namespace Weft.Core.Cases;

/// <summary>
/// A case: the person or company a process is about. Its personal fields are cleared on request
/// (<see cref="ErasedAt"/> set); its runs are kept.
/// </summary>
public sealed record CaseRecord
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? PersonalNumber { get; init; }

    public string? Email { get; init; }

    public string? CompanyName { get; init; }

    public string? CompanyNumber { get; init; }

    public string? CompanyAddress { get; init; }

    /// <summary>Free attributes of the caller's own (a JSON object).</summary>
    public JsonObject Attributes { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When its personal data was erased; null while it holds any.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>The case as expressions see it (<c>subject</c>): copied into a run when it starts.</summary>
    public JsonObject Subject() => new()
    {
        ["id"] = Id,
        ["firstName"] = FirstName,
        ["lastName"] = LastName,
        ["personalNumber"] = PersonalNumber,
        ["email"] = Email,
        ["companyName"] = CompanyName,
        ["companyNumber"] = CompanyNumber,
        ["companyAddress"] = CompanyAddress,
        ["attributes"] = Attributes.DeepClone(),
        ["erasedAt"] = ErasedAt?.ToString("O"),
    };

    /// <summary>This case with every personal field (and the free attributes) cleared.</summary>
    public CaseRecord Erased(DateTimeOffset now) => this with
    {
        FirstName = null,
        LastName = null,
        PersonalNumber = null,
        Email = null,
        CompanyName = null,
        CompanyNumber = null,
        CompanyAddress = null,
        Attributes = [],
        UpdatedAt = now,
        ErasedAt = now,
    };
}

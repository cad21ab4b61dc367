using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>
/// <c>integration</c>: a step handed to external workers. Starting it puts an item on a named queue; a worker polls
/// the queue, reads and writes the item's typed fields, and completes or fails it.
/// </summary>
public sealed class IntegrationStep : StepDefinition
{
    public override string Kind => "integration";

    /// <summary>The queue workers poll for this step's items.</summary>
    public required string Queue { get; init; }

    public required IReadOnlyList<IntegrationField> Fields { get; init; }

    public override IEnumerable<Template> Templates => base.Templates.Concat(Fields.Select(f => f.Value).OfType<Template>());
}

/// <summary>
/// One typed field of an integration step. <see cref="Value"/> is evaluated when the step starts; a worker may write
/// only fields marked <see cref="Output"/>, and must give every required output field before it completes the item.
/// </summary>
public sealed record IntegrationField(string Key, string? Label, InputType Type, Template? Value, bool Output, bool Required);

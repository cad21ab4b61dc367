using Weft.Core.Definitions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    private EventStep? ReadEvent(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "event", "correlation", "onTimeout"], c.Id);
        var name = String(map, "event", required: true);
        var correlation = Child(map, "correlation") is { } n ? Template(n, "correlation") : null;
        if (Child(map, "correlation") is null)
            Add(map, "an event step needs 'correlation': a value or an expression such as ${ input.orderId } that the event's correlation must equal", "correlation");
        else if (Child(map, "correlation") is not YamlScalarNode)
            Add(Child(map, "correlation")!, "'correlation' must be a text value or an expression giving one", "correlation");
        var onTimeout = String(map, "onTimeout");
        if (onTimeout is not null && c.Timeout is null)
            Add(Child(map, "onTimeout")!, "'onTimeout' needs a 'timeout' on the step (such as timeout: 2d)", "onTimeout");
        if (name is null || correlation is null) return null;
        return c.Fill(new EventStep
        {
            Id = c.Id,
            EventName = name,
            Correlation = correlation,
            OnTimeout = onTimeout,
        });
    }
}

namespace Weft.Server.Api;

/// <summary>
/// How the start body (<see cref="Weft.Contracts.Runs.StartRunRequest"/>) is read: strict, and an unknown field is told
/// where a run's input goes, since <c>{ "definition": "hello", "name": "Ada" }</c> is the usual slip.
/// </summary>
internal static class StartRunBody
{
    public static readonly BodyRules Rules = new(
        "{ \"definition\": \"...\", \"version\": 1, \"input\": { ... } }",
        Hint: "A run's input goes under 'input': { \"definition\": \"hello\", \"input\": { \"name\": \"Ada\" } }.");
}

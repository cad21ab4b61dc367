namespace Weft.Server.FrontDoors;

/// <summary>Where a front door's requests name the namespace that access is checked in (and that the handler works in).</summary>
public interface INamespaceSource
{
    /// <summary>The namespace this request names, or null when it names none.</summary>
    ValueTask<string?> FindAsync(HttpContext http);
}

/// <summary>The namespace sources doors are made of; <see cref="FirstOf"/> combines them.</summary>
public static class NamespaceSources
{
    /// <summary>A route value (<c>{ns}</c> in the native API's routes).</summary>
    public static INamespaceSource Route(string name = "ns") => new From(http => ValueTask.FromResult(http.GetRouteValue(name) as string));

    /// <summary>A query parameter, such as a surface's <c>nsfilter</c>.</summary>
    public static INamespaceSource Query(string name) => new From(http => ValueTask.FromResult(Text(http.Request.Query[name].ToString())));

    /// <summary>A top-level field of a JSON or form body, such as a surface's <c>repository</c>.</summary>
    public static INamespaceSource Body(string field) => new From(async http => Text(await RequestFields.FieldAsync(http, field)));

    /// <summary>One namespace for every request: a surface with no namespace in its requests serves the one it is configured with.</summary>
    public static INamespaceSource Fixed(string ns) => new From(_ => ValueTask.FromResult<string?>(ns));

    /// <summary>The first source that finds one.</summary>
    public static INamespaceSource FirstOf(params INamespaceSource[] sources) => new From(async http =>
    {
        foreach (var source in sources)
        {
            if (await source.FindAsync(http) is { } ns) return ns;
        }
        return null;
    });

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class From(Func<HttpContext, ValueTask<string?>> find) : INamespaceSource
    {
        public ValueTask<string?> FindAsync(HttpContext http) => find(http);
    }
}

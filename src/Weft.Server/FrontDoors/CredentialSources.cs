namespace Weft.Server.FrontDoors;

/// <summary>A credential as a request presented it: <see cref="Presented"/> with no <see cref="Value"/> is a malformed one (401 invalid_token).</summary>
public readonly record struct PresentedCredential(string? Value, bool Presented)
{
    public static PresentedCredential None => new(null, false);
}

/// <summary>Where a front door's requests carry the caller's credential (a JWT from <c>/connect/token</c> or an API token).</summary>
public interface ICredentialSource
{
    ValueTask<PresentedCredential> ReadAsync(HttpContext http);
}

/// <summary>The credential sources doors are made of; <see cref="FirstOf"/> combines them.</summary>
public static class CredentialSources
{
    /// <summary><c>Authorization: Bearer ...</c>: the native API's, and most surfaces'.</summary>
    public static ICredentialSource Bearer { get; } = new From(http =>
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return ValueTask.FromResult(PresentedCredential.None);
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return ValueTask.FromResult(new PresentedCredential(null, true));
        var credential = header["Bearer ".Length..].Trim();
        return ValueTask.FromResult(new PresentedCredential(credential.Length == 0 ? null : credential, true));
    });

    /// <summary>A query parameter, such as a surface's <c>?token=...</c>.</summary>
    public static ICredentialSource Query(string name) => new From(http =>
    {
        var value = http.Request.Query[name].ToString();
        return ValueTask.FromResult(value.Length == 0 ? PresentedCredential.None : new PresentedCredential(value, true));
    });

    /// <summary>A top-level field of a JSON or form body, such as a surface's <c>"token"</c> field.</summary>
    public static ICredentialSource Body(string field) => new From(async http =>
        await RequestFields.FieldAsync(http, field) is { Length: > 0 } value ? new PresentedCredential(value, true) : PresentedCredential.None);

    /// <summary>The first source where the request presented something (even a malformed one: it is not passed over for the next).</summary>
    public static ICredentialSource FirstOf(params ICredentialSource[] sources) => new From(async http =>
    {
        foreach (var source in sources)
        {
            var found = await source.ReadAsync(http);
            if (found.Presented) return found;
        }
        return PresentedCredential.None;
    });

    private sealed class From(Func<HttpContext, ValueTask<PresentedCredential>> read) : ICredentialSource
    {
        public ValueTask<PresentedCredential> ReadAsync(HttpContext http) => read(http);
    }
}

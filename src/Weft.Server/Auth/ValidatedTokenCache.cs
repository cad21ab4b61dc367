using System.Collections.Concurrent;

namespace Weft.Server.Auth;

/// <summary>
/// JWTs this node has validated, keyed by the whole token, so a client that sends the same token on every request
/// pays the signature check once. An entry answers only until the token's own <c>exp</c> (plus the clock skew the
/// validation allows, so it is never accepted longer than a fresh check would accept it), and only while the key
/// that signed it is still published (the caller checks that on every hit: a retired or removed key ends its tokens
/// at the same moment as without the cache). Roles in a JWT are fixed when it is issued, so caching the principal
/// changes nothing that docs/security.md promises. Bounded: when full, expired entries go first, then all of them.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time, int capacity = ValidatedTokenCache.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(WeftPrincipal Principal, string Kid, DateTimeOffset Until);

    public int Count => _entries.Count;

    /// <summary>The principal of a token validated before and not yet expired, with the kid that signed it.</summary>
    public bool TryGet(string token, out WeftPrincipal principal, out string kid)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (time.GetUtcNow() < entry.Until)
            {
                (principal, kid) = (entry.Principal, entry.Kid);
                return true;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
        }
        (principal, kid) = (null!, null!);
        return false;
    }

    /// <summary>Remembers a token that has just passed validation, valid until <paramref name="until"/>.</summary>
    public void Add(string token, WeftPrincipal principal, string kid, DateTimeOffset until)
    {
        if (until <= time.GetUtcNow()) return;
        if (_entries.Count >= capacity)
        {
            var now = time.GetUtcNow();
            foreach (var (key, entry) in _entries)
                if (entry.Until <= now) _entries.TryRemove(key, out _);
            if (_entries.Count >= capacity) _entries.Clear();
        }
        _entries[token] = new Entry(principal, kid, until);
    }
}

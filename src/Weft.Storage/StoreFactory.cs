using Weft.Core.Storage;

namespace Weft.Storage;

/// <summary>Makes the store that <c>Weft:Storage</c> names and brings its schema up to date.</summary>
public static class StoreFactory
{
    public static Task<IWeftStore> OpenAsync(StorageOptions options, string contentRoot, CancellationToken ct) =>
        OpenAsync(options, contentRoot, TimeProvider.System, ct);

    /// <summary>Opens the store with <paramref name="time"/> as the clock it reads by itself.</summary>
    public static async Task<IWeftStore> OpenAsync(StorageOptions options, string contentRoot, TimeProvider time, CancellationToken ct)
    {
        SqlStore store;
        switch (options.Provider.ToLowerInvariant())
        {
            case "sqlite":
                var cs = string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? $"Data Source={Path.Combine(contentRoot, "data", "weft.db")}"
                    : options.ConnectionString;
                var sqlite = new SqliteStore(cs, options.Synchronous) { Time = time };
                await sqlite.EnableWalAsync(ct);
                store = sqlite;
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException("Weft:Storage:ConnectionString is required for PostgreSQL (Host=...;Username=...;Password=...;Database=...).");
                store = new PostgresStore(options.ConnectionString) { Time = time };
                break;
            default:
                throw new InvalidOperationException($"Unknown Weft:Storage:Provider '{options.Provider}': use sqlite or postgres.");
        }
        try
        {
            await store.MigrateAsync(ct);
            if (store is SqliteStore migrated) await migrated.CompleteStatisticsAsync(ct);
            if (store is PostgresStore postgres) postgres.ListenForDeploys();
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }
}

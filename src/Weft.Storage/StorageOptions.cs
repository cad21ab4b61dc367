namespace Weft.Storage;

/// <summary>Settings under <c>Weft:Storage</c> (environment: <c>Weft__Storage__...</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite <c>Data Source=/path/to/file.db</c> (default <c>./data/weft.db</c>); for PostgreSQL an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite's <c>synchronous</c> setting: FULL (default) or NORMAL.</summary>
    public string Synchronous { get; set; } = "FULL";
}

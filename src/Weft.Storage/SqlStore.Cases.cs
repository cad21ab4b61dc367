using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Cases;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Storage;

public abstract partial class SqlStore : ICaseStore
{
    public ICaseStore Cases => this;

    private const string CaseColumns = "id, namespace, first_name, last_name, personal_number, email, company_name, company_number, company_address, attributes, created_at, updated_at, erased_at";

    /// <summary>The search <c>q</c>: a partial, case-insensitive match on any of the fields people look a case up by.</summary>
    private static readonly string CaseSearchSql = " AND (" + string.Join(" OR ",
        new[] { "first_name", "last_name", "email", "company_name", "personal_number" }.Select(c => $"LOWER({c}) LIKE @q ESCAPE '\\'")) + ")";

    private sealed class CaseRow
    {
        public string id { get; set; } = "";
        public string @namespace { get; set; } = "";
        public string? first_name { get; set; }
        public string? last_name { get; set; }
        public string? personal_number { get; set; }
        public string? email { get; set; }
        public string? company_name { get; set; }
        public string? company_number { get; set; }
        public string? company_address { get; set; }
        public string attributes { get; set; } = "{}";
        public long created_at { get; set; }
        public long updated_at { get; set; }
        public long? erased_at { get; set; }

        public CaseRecord ToModel() => new()
        {
            Id = id,
            Namespace = @namespace,
            FirstName = first_name,
            LastName = last_name,
            PersonalNumber = personal_number,
            Email = email,
            CompanyName = company_name,
            CompanyNumber = company_number,
            CompanyAddress = company_address,
            Attributes = JsonNode.Parse(attributes) as JsonObject ?? [],
            CreatedAt = FromMs(created_at),
            UpdatedAt = FromMs(updated_at),
            ErasedAt = erased_at is null ? null : FromMs(erased_at.Value),
        };
    }

    private static object CaseParameters(CaseRecord c) => new
    {
        id = c.Id,
        ns = c.Namespace,
        first_name = c.FirstName,
        last_name = c.LastName,
        personal_number = c.PersonalNumber,
        email = c.Email,
        company_name = c.CompanyName,
        company_number = c.CompanyNumber,
        company_address = c.CompanyAddress,
        attributes = c.Attributes.ToJsonString(),
        created_at = Ms(c.CreatedAt),
        updated_at = Ms(c.UpdatedAt),
        erased_at = c.ErasedAt is null ? (long?)null : Ms(c.ErasedAt.Value),
    };

    private const string UpdateCaseSql =
        "UPDATE cases SET first_name = @first_name, last_name = @last_name, personal_number = @personal_number, email = @email, company_name = @company_name, " +
        "company_number = @company_number, company_address = @company_address, attributes = @attributes, updated_at = @updated_at, erased_at = @erased_at WHERE namespace = @ns AND id = @id";

    /// <summary>The run's case columns, written with its first row.</summary>
    private static KeyValuePair<string, object?>[] RunCaseParameters(RunRecord run) =>
    [
        new("case_id", run.CaseId),
        new("subject", run.Subject?.ToJsonString()),
    ];

    public async Task CreateCaseAsync(CaseRecord record, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO cases ({CaseColumns}) VALUES (@id, @ns, @first_name, @last_name, @personal_number, @email, @company_name, @company_number, @company_address, @attributes, @created_at, @updated_at, @erased_at)",
            CaseParameters(record), cancellationToken: ct));
    }

    public async Task<CaseRecord?> GetCaseAsync(string ns, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"SELECT {CaseColumns} FROM cases WHERE namespace = @ns AND id = @id", new { ns, id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<CasePage> ListCasesAsync(CaseQuery query, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder($"SELECT {CaseColumns} FROM cases WHERE namespace = @ns");
        var p = new DynamicParameters();
        p.Add("ns", query.Namespace);
        if (query.After is not null)
        {
            sql.Append(" AND id < @after");
            p.Add("after", query.After);
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            sql.Append(CaseSearchSql);
            p.Add("q", $"%{LikeEscape(query.Search.ToLowerInvariant())}%");
        }
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        p.Add("limit", query.Limit + 1);
        await using var connection = await OpenAsync(ct);
        var rows = (await connection.QueryAsync<CaseRow>(new CommandDefinition(sql.ToString(), p, cancellationToken: ct))).Select(r => r.ToModel()).ToList();
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Id;
        }
        return new CasePage(rows, next);
    }

    public async Task<bool> UpdateCaseAsync(CaseRecord record, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(UpdateCaseSql, CaseParameters(record), cancellationToken: ct)) == 1;
    }

    public async Task<bool> EraseCaseAsync(CaseRecord erased, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateCaseSql, CaseParameters(erased), tx, cancellationToken: ct)) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET subject = @subject WHERE namespace = @ns AND case_id = @id",
            new { subject = erased.Subject().ToJsonString(), ns = erased.Namespace, id = erased.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    private static string LikeEscape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

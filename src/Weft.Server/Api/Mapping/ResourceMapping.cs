using System.Text.Json.Nodes;
using Weft.Contracts.Cases;
using Weft.Contracts.Definitions;
using Weft.Contracts.Integration;
using Weft.Contracts.Schedules;
using Weft.Contracts.Tasks;
using Weft.Contracts.Webhooks;
using Weft.Core.Cases;
using Weft.Core.Definitions;
using Weft.Core.Integration;
using Weft.Core.Schedules;
using Weft.Core.Storage;
using Weft.Core.Tasks;
using Weft.Core.Webhooks;

namespace Weft.Server.Api.Mapping;

/// <summary>Definitions, cases, parameter sets, schedules, tasks, integration items and webhooks as the native API shows them.</summary>
internal static class ResourceMapping
{
    public static DefinitionResponse ToResponse(this StoredDefinition d, WorkflowDefinition? model = null, bool withSource = false) => new(
        d.Id, d.Namespace, d.Name, d.Version, d.Description, d.Format, d.Hash, d.CreatedAt,
        model?.Inputs.Select(i => new InputResponse(i.Name, i.Type.ToString().ToLowerInvariant(), i.Required, i.Default, i.Description)).ToList(),
        model?.Steps.Select(s => new StepSummary(s.Id, s.Kind)).ToList(),
        withSource ? d.Source : null, d.Number);

    public static CaseResponse ToResponse(this CaseRecord c) => new(
        c.Id, c.Namespace, c.FirstName, c.LastName, c.PersonalNumber, c.Email, c.CompanyName, c.CompanyNumber, c.CompanyAddress,
        c.Attributes, c.CreatedAt, c.UpdatedAt, c.ErasedAt);

    public static ParameterSetResponse ToResponse(this ParameterSet p) => new(p.Id, p.Namespace, p.Name, p.Definition, p.Version, p.Input, p.CreatedAt, p.UpdatedAt);

    public static ScheduleResponse ToResponse(this StoredSchedule s) => new(
        s.DefinitionName, s.Id, s.DefinitionVersion, s.Cron, s.TimeZone, s.Input, s.Misfire == MisfirePolicy.CatchUp ? "catchUp" : "skip", s.Enabled,
        s.Enabled ? s.NextAt : null, s.LastTick);

    public static TaskResponse ToResponse(this TaskRecord t, IReadOnlyList<TaskFileInfo>? files = null) => new(
        t.Id, t.Namespace, t.RunId, t.Step, t.Title, t.Description, new TaskAssigneeResponse(t.AssigneeUser, t.AssigneeRole, t.AssigneeFilter),
        t.Status, t.Form.Select(f => new TaskFieldResponse(f.Key, f.Label, f.Type.ToString().ToLowerInvariant(), f.Required, f.Readonly, f.Options, t.Values[f.Key]?.DeepClone())).ToList(),
        t.Actions, t.DueAt, t.CreatedAt, t.CompletedAt, t.CompletedBy, t.Action, t.Version,
        files?.Select(f => f.ToResponse()).ToList(), t.Number);

    public static TaskFileResponse ToResponse(this TaskFileInfo f) => new(f.Id, f.Name, f.ContentType, f.Size, f.CreatedAt);

    public static PolledItem ToPolled(this IntegrationItem i) => new(i.Id, i.RunId, i.Step, i.Attempt, i.Fields, i.LeaseToken, i.LeaseUntil, i.Number);

    public static ItemResponse ToResponse(this IntegrationItem i) => new(
        i.Id, i.Namespace, i.Queue, i.RunId, i.Step, i.Attempt, i.Fields, i.Status, i.LeaseOwner, i.LeaseToken, i.LeaseUntil, i.Deliveries, i.CreatedAt, i.CompletedAt, i.Number);

    public static WebhookResponse ToResponse(this WebhookSubscription s, string? secret = null) =>
        new(s.Id, s.Namespace, s.Url, s.Events, s.Definition, s.Active, s.CreatedAt, s.UpdatedAt, secret);

    public static DeliveryResponse ToResponse(this WebhookDelivery d, IReadOnlyList<WebhookAttempt>? attempts = null) => new(
        d.Id, d.SubscriptionId, d.Event, d.OccurredAt, d.Status, d.Attempts, d.Status == WebhookDelivery.Pending ? d.DueAt : null, d.DeliveredAt,
        d.LastAttemptAt is { } at ? new WebhookLastAttempt(at, d.LastStatus, d.LastError, d.LastResponse) : null,
        JsonNode.Parse(Webhooks.WebhookBody.Compose(d)),
        attempts?.Select(a => new AttemptResponse(a.Attempt, a.At, a.Node, a.Status, a.Error, a.Response, (long)a.Duration.TotalMilliseconds)).ToList());
}

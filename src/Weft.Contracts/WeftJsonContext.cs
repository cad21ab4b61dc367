using System.Text.Json.Serialization;
using Weft.Contracts.Cases;
using Weft.Contracts.Definitions;
using Weft.Contracts.Events;
using Weft.Contracts.Identity;
using Weft.Contracts.Integration;
using Weft.Contracts.Namespaces;
using Weft.Contracts.Problems;
using Weft.Contracts.Runs;
using Weft.Contracts.Schedules;
using Weft.Contracts.Tasks;
using Weft.Contracts.Webhooks;

namespace Weft.Contracts;

/// <summary>
/// The native API's JSON, generated at build time: camelCase names, nulls left out; names are matched exactly and
/// numbers are not read from strings (unless a property says so). Clients serialize with <see cref="Default"/> to speak
/// as the server does. Statuses and event types are strings on the wire (<see cref="RunStatusNames"/>, ...), not enums.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ProblemError))]
[JsonSerializable(typeof(List<ProblemError>))]
[JsonSerializable(typeof(NamespaceResponse))]
[JsonSerializable(typeof(IReadOnlyList<NamespaceResponse>))]
[JsonSerializable(typeof(DefinitionResponse))]
[JsonSerializable(typeof(IReadOnlyList<DefinitionResponse>))]
[JsonSerializable(typeof(StartRunRequest))]
[JsonSerializable(typeof(TerminateRequest))]
[JsonSerializable(typeof(ReasonRequest))]
[JsonSerializable(typeof(RerunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(StepResponse))]
[JsonSerializable(typeof(LatestRunResponse))]
[JsonSerializable(typeof(VariableResponse))]
[JsonSerializable(typeof(RunResultResponse))]
[JsonSerializable(typeof(CaseRequest))]
[JsonSerializable(typeof(CaseResponse))]
[JsonSerializable(typeof(CaseListResponse))]
[JsonSerializable(typeof(ParameterSetRequest))]
[JsonSerializable(typeof(ParameterSetUpdateRequest))]
[JsonSerializable(typeof(ParameterSetResponse))]
[JsonSerializable(typeof(List<ParameterSetResponse>))]
[JsonSerializable(typeof(ScheduleResponse))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleResponse>))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(TaskListResponse))]
[JsonSerializable(typeof(TaskFileResponse))]
[JsonSerializable(typeof(IReadOnlyList<TaskFileResponse>))]
[JsonSerializable(typeof(CompleteTaskRequest))]
[JsonSerializable(typeof(CreateTaskRequest))]
[JsonSerializable(typeof(TaskFormFieldRequest))]
[JsonSerializable(typeof(TaskFileRequest))]
[JsonSerializable(typeof(SendEventRequest))]
[JsonSerializable(typeof(EventAccepted))]
[JsonSerializable(typeof(SendRunEventRequest))]
[JsonSerializable(typeof(RunEventAccepted))]
[JsonSerializable(typeof(PollRequest))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(FieldsRequest))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(PolledItem))]
[JsonSerializable(typeof(List<PolledItem>))]
[JsonSerializable(typeof(ItemResponse))]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(List<WebhookResponse>))]
[JsonSerializable(typeof(DeliveryResponse))]
[JsonSerializable(typeof(List<DeliveryResponse>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(List<UserResponse>))]
[JsonSerializable(typeof(CreateClientRequest))]
[JsonSerializable(typeof(UpdateClientRequest))]
[JsonSerializable(typeof(ClientResponse))]
[JsonSerializable(typeof(List<ClientResponse>))]
[JsonSerializable(typeof(CreatedClientResponse))]
[JsonSerializable(typeof(SigningKeyResponse))]
[JsonSerializable(typeof(List<SigningKeyResponse>))]
[JsonSerializable(typeof(RoleGrantResponse))]
[JsonSerializable(typeof(ApiTokenRequest))]
[JsonSerializable(typeof(IssuedApiToken))]
[JsonSerializable(typeof(ApiTokenResponse))]
[JsonSerializable(typeof(List<ApiTokenResponse>))]
public sealed partial class WeftJsonContext : JsonSerializerContext;

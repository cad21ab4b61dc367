using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Weft.Server.Auth;

namespace Weft.Server.Api.OpenApi;

/// <summary>
/// Declares how to get a token in the OpenAPI document (a JWT bearer, and OAuth2 client credentials at
/// <c>/connect/token</c>) and asks for it on every route whose <see cref="AccessRule"/> is not anonymous, so that the
/// try-it page at <c>/docs</c> can authorize.
/// </summary>
internal static class SecurityTransformers
{
    public const string Bearer = "bearer";
    public const string OAuth2 = "oauth2";

    public static OpenApiOptions AddWeftSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /connect/token, or an API token (weft_...).",
            };
            document.Components.SecuritySchemes[OAuth2] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Client credentials: a service client's id and secret.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var rule = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().LastOrDefault();
            if (rule is null or AccessRule.Anonymous) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2, context.Document)] = [] });
            return Task.CompletedTask;
        });
        return options;
    }
}

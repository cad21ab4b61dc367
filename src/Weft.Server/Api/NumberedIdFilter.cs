using Weft.Core.Services;

namespace Weft.Server.Api;

/// <summary>
/// Lets a route group take numbers wherever it takes ids: before a handler runs, its <c>id</c> parameter (of the
/// group's kind) and its <c>runId</c> or <c>parentRunId</c> parameters (runs), when digits alone, become the id they
/// number (<see cref="NumberedIds"/>), in the route's namespace (<c>{ns}</c>; else the <c>namespace</c> query value;
/// else <c>default</c>). The handlers and the services behind them see ids only.
/// </summary>
internal static class NumberedIdFilter
{
    public static TBuilder AcceptsNumbers<TBuilder>(this TBuilder builder, NumberedIds.Kind kind) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            var ns = Array.FindIndex(parameters, p => p.Name == "ns" && p.ParameterType == typeof(string));
            var targets = new List<(int Index, NumberedIds.Kind Kind)>();
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].ParameterType != typeof(string)) continue;
                if (parameters[i].Name == "id") targets.Add((i, kind));
                else if (parameters[i].Name is "runId" or "parentRunId") targets.Add((i, NumberedIds.Kind.Run));
            }
            if (targets.Count == 0) return next;
            return async context =>
            {
                string? space = null;
                foreach (var (index, of) in targets)
                {
                    if (context.Arguments[index] is not string value || !NumberedIds.IsNumber(value, out _)) continue;
                    space ??= (ns >= 0 ? context.Arguments[ns] as string : null) ?? context.HttpContext.Request.Query["namespace"].FirstOrDefault() ?? "default";
                    var ids = context.HttpContext.RequestServices.GetRequiredService<NumberedIds>();
                    context.Arguments[index] = await ids.IdAsync(of, space, value, context.HttpContext.RequestAborted);
                }
                return await next(context);
            };
        });
        return builder;
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.SignalR;

/// <summary>Maps <see cref="ProgressHub"/>.</summary>
public static class ProgressHubEndpointRouteBuilderExtensions
{
    /// <summary>Maps <see cref="ProgressHub"/> at <paramref name="pattern"/>.</summary>
    /// <param name="endpoints">The endpoint route builder (for example the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route; <see cref="ProgressHub.DefaultPattern"/> (<c>/hubs/progress</c>) by default.</param>
    /// <returns>The hub's convention builder, for <c>RequireAuthorization</c>, CORS and the like.</returns>
    /// <exception cref="InvalidOperationException">The SignalR transport was not added with <see cref="SignalRTransportBuilderExtensions.AddSignalRTransport"/>.</exception>
    public static HubEndpointConventionBuilder MapProgressHub(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = ProgressHub.DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (endpoints.ServiceProvider.GetService<ProgressHubServices>() is null)
        {
            throw new InvalidOperationException(
                "MapProgressHub needs the SignalR transport's services: call services.AddProgressKit().AddSignalRTransport() when configuring services.");
        }

        return endpoints.MapHub<ProgressHub>(pattern);
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>Creates the lifetime manager SignalR would use for the progress hub, for <see cref="ResumeFilteringLifetimeManager"/> to wrap.</summary>
internal static class HubLifetimeManagers
{
    /// <summary>
    /// Creates the progress hub's instance of the last open-generic <see cref="HubLifetimeManager{THub}"/> registered
    /// (a backplane's, such as Redis's, or SignalR's default).
    /// </summary>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "ProgressHub is a reference type: the closed generic shares the canonical code, as the container's own open-generic activation does.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "The implementation type is registered as an open generic service, so its constructors are kept, as for the container's own activation.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above: the registered implementation's public constructors are kept.")]
    public static HubLifetimeManager<ProgressHub> CreateConfigured(IServiceProvider services, IServiceCollection registrations)
    {
        var open = registrations.LastOrDefault(static d => d.ServiceType == typeof(HubLifetimeManager<>) && d.ImplementationType is not null)?.ImplementationType
            ?? typeof(DefaultHubLifetimeManager<>);
        return (HubLifetimeManager<ProgressHub>)ActivatorUtilities.CreateInstance(services, open.MakeGenericType(typeof(ProgressHub)));
    }
}

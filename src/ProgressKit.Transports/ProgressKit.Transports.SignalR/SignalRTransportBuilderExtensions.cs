using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.Access;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR;

/// <summary>Adds the SignalR transport and the services of <see cref="ProgressHub"/> to ProgressKit.</summary>
public static class SignalRTransportBuilderExtensions
{
    /// <summary>
    /// Adds the SignalR transport: every published event goes to the SignalR groups of its job, user and tenant on
    /// <see cref="ProgressHub"/>, as client method <see cref="ProgressHub.ClientMethod"/>. Also registers the hub's
    /// services and the default <see cref="IProgressAccessPolicy"/>, and calls <c>AddSignalR()</c>. Map the hub with
    /// <see cref="ProgressHubEndpointRouteBuilderExtensions.MapProgressHub"/>.
    /// </summary>
    /// <param name="builder">The ProgressKit builder.</param>
    /// <param name="configure">Configures <see cref="SignalRTransportOptions"/> (and <see cref="SignalRTransportOptions.Hub"/>).</param>
    /// <returns>The builder.</returns>
    /// <remarks>Idempotent: calling it again adds only the extra <paramref name="configure"/> step.</remarks>
    public static IProgressKitBuilder AddSignalRTransport(this IProgressKitBuilder builder, Action<SignalRTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SignalRTransportOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSignalR();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRTransportOptions>, SignalRTransportOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JsonHubProtocolOptions>, ProgressJsonProtocolSetup>());
        services.TryAddSingleton<ResumeGate>();

        // Around whichever lifetime manager SignalR uses (its own, or a backplane's registered before or after this
        // call), so that events published by other processes meet the resume gate too.
        services.TryAddSingleton<HubLifetimeManager<ProgressHub>>(sp =>
            new ResumeFilteringLifetimeManager(
                HubLifetimeManagers.CreateConfigured(sp, services),
                sp.GetRequiredService<ResumeGate>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ResumeFilteringLifetimeManager>()));
        services.TryAddSingleton<ProgressGroupSender>();
        services.TryAddSingleton<PublisherKeyVerifier>();
        services.TryAddSingleton<RemoteJobDirectory>();
        services.TryAddSingleton<IProgressAccessPolicy, DefaultProgressAccessPolicy>();
        services.TryAddSingleton<IProgressCancellationRouter, NodeCancellationRouter>();
        services.TryAddSingleton<ProgressHubServices>();

        // SignalR's hub activator resolves the hub from the container first, so its constructor can stay internal.
        services.TryAddTransient(static sp => new ProgressHub(sp.GetRequiredService<ProgressHubServices>()));
        return builder.AddTransport<SignalRProgressTransport>();
    }

    /// <summary>Replaces the default <see cref="IProgressAccessPolicy"/> of <see cref="ProgressHub"/>.</summary>
    /// <typeparam name="TPolicy">The policy type, resolved from the container as a singleton.</typeparam>
    /// <param name="builder">The ProgressKit builder.</param>
    /// <returns>The builder.</returns>
    public static IProgressKitBuilder UseProgressAccessPolicy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPolicy>(this IProgressKitBuilder builder)
        where TPolicy : class, IProgressAccessPolicy
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IProgressAccessPolicy, TPolicy>());
        return builder;
    }
}

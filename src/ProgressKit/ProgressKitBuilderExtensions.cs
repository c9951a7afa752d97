using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Transports;

namespace ProgressKit;

/// <summary>Adds transports, stores and cancellation sources to ProgressKit.</summary>
public static class ProgressKitBuilderExtensions
{
    /// <summary>Adds a transport, resolved from the container as a singleton. Adding the same type twice adds it once.</summary>
    /// <typeparam name="TTransport">The transport type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IProgressKitBuilder AddTransport<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(this IProgressKitBuilder builder)
        where TTransport : class, IProgressTransport
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TTransport>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProgressTransport, TransportForwarder<TTransport>>());
        return builder;
    }

    /// <summary>Adds a transport created by a factory.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the transport once.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Adding the same factory twice adds it once, and factories that return the same instance get one lane. Two
    /// different transports with the same <see cref="IProgressTransport.Name"/> fail at start-up.
    /// </remarks>
    public static IProgressKitBuilder AddTransport(this IProgressKitBuilder builder, Func<IServiceProvider, IProgressTransport> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        // TryAddEnumerable cannot tell factory registrations apart (their implementation type is the interface).
        if (!builder.Services.Any(d => d.ServiceType == typeof(IProgressTransport) && Equals(d.ImplementationFactory, factory)))
        {
            builder.Services.AddSingleton(factory);
        }
        return builder;
    }

    /// <summary>Replaces the in-memory last-known-state store.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IProgressKitBuilder UseStateStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IProgressKitBuilder builder)
        where TStore : class, IJobStateStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobStateStore>(sp => sp.GetRequiredService<TStore>()));
        return builder;
    }

    /// <summary>Adds a source of cancel requests that running job handles poll (see <see cref="IJobCancellationRequestSource"/>).</summary>
    /// <typeparam name="TSource">The source type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IProgressKitBuilder AddCancellationRequestSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this IProgressKitBuilder builder)
        where TSource : class, IJobCancellationRequestSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TSource>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobCancellationRequestSource, CancellationSourceForwarder<TSource>>());
        return builder;
    }
}

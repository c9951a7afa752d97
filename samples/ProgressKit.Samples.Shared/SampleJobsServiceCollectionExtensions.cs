using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Samples.Shared.Jobs;
using ProgressKit.Samples.Shared.Pipeline;

namespace ProgressKit.Samples.Shared;

/// <summary>Registers the sample job runner and the simulated pipeline.</summary>
public static class SampleJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SimulatedAgentPipeline"/>, <see cref="SampleJobRunner"/> (also as a hosted service that stops
    /// the pipelines at shutdown), <see cref="SampleJobOptions"/> (validated on start) and <see cref="TimeProvider.System"/>
    /// unless a <see cref="TimeProvider"/> is registered. Also calls <c>AddProgressKit()</c>, which is idempotent: add
    /// transports with your own <c>AddProgressKit(...)</c> call, before or after this one.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="SampleJobOptions"/>.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Idempotent.</remarks>
    public static IServiceCollection AddSampleJobs(this IServiceCollection services, Action<SampleJobOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProgressKit();
        var options = services.AddOptions<SampleJobOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SampleJobOptions>, SampleJobOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedAgentPipeline>();
        services.TryAddSingleton<SampleJobRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SampleJobRunner>(sp => sp.GetRequiredService<SampleJobRunner>()));
        return services;
    }
}

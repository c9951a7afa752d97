using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit;

internal sealed class ProgressKitBuilder(IServiceCollection services) : IProgressKitBuilder
{
    public IServiceCollection Services { get; } = services;
}

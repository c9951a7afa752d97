using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ProgressKit.Hosting;

/// <summary>
/// Creates the publisher when the host starts (so that invalid options and a missing transport are reported at
/// start-up, not at the first event), and at shutdown abandons open jobs and drains the lanes within
/// <see cref="ProgressKitOptions.DrainTimeout"/>.
/// </summary>
internal sealed class ProgressKitHostedService(ProgressPublisher publisher, IOptions<ProgressKitOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = publisher.Dispatcher;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        publisher.ShutdownAsync(options.Value.DrainTimeout, cancellationToken);
}

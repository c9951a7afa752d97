using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;

/// <summary>
/// The cancellation router that was registered before the scale-out (the SignalR transport's default: this process's
/// job handles and the remote workers publishing through this node's hub), kept to be decorated: the scale-out asks it
/// first, and every node's listener hands it the requests that arrive over Redis.
/// </summary>
internal sealed class NodeCancellation(IProgressCancellationRouter router)
{
    public IProgressCancellationRouter Router { get; } = router;

    /// <summary>Creates the router <paramref name="descriptor"/> describes, as the container would have.</summary>
    public static NodeCancellation Create(IServiceProvider services, ServiceDescriptor descriptor)
    {
        var router = descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
        return new NodeCancellation((IProgressCancellationRouter)router);
    }
}

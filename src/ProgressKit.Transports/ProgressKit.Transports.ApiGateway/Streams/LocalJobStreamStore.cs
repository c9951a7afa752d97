using ProgressKit.Streams;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// The store registered before the API Gateway package (the core's in-memory one, or the application's): this
/// process's copy under the DynamoDB store, or the job stream store itself when the registry is not DynamoDB. Owns it,
/// since the container no longer resolves it as <see cref="IJobStreamStore"/> directly.
/// </summary>
internal sealed class LocalJobStreamStore(IJobStreamStore store) : IAsyncDisposable, IDisposable
{
    public IJobStreamStore Store { get; } = store;

    public async ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    // A container disposed synchronously (a test, a bare collection) disposes what can be disposed so.
    public void Dispose() => (Store as IDisposable)?.Dispose();
}

using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Fakes;

/// <summary>A transport with a parameterless constructor, for registration tests.</summary>
public sealed class FakeTransportForDi : IProgressTransport
{
    public string Name => "di";

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

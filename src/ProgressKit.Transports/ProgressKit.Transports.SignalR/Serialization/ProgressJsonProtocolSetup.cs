using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR.Serialization;

/// <summary>Adds <see cref="SignalRJsonContext"/> to the front of SignalR's JSON protocol resolver chain.</summary>
/// <remarks>
/// The context knows only ProgressKit's own payload types, so the application's naming policy and resolvers keep
/// governing its other hubs; events are pre-serialized in wire format v1 and written verbatim.
/// </remarks>
internal sealed class ProgressJsonProtocolSetup : IConfigureOptions<JsonHubProtocolOptions>
{
    public void Configure(JsonHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PayloadResolverChain.AddFirst(options.PayloadSerializerOptions, SignalRJsonContext.Default);
    }
}

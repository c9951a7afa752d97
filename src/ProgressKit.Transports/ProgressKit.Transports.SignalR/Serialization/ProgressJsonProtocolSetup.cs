using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
        var chain = options.PayloadSerializerOptions.TypeInfoResolverChain;

        // SignalR leaves the resolver unset, which means "reflection" only while the chain is empty: once our context
        // is in it, every other type of the application's hubs would fail to serialize. Keep reflection explicitly.
        if (chain.Count == 0 && JsonSerializer.IsReflectionEnabledByDefault)
        {
            chain.Add(CreateReflectionResolver());
        }

        chain.Insert(0, SignalRJsonContext.Default);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only when reflection-based serialization is enabled, which trimmed and AOT apps turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reached only when reflection-based serialization is enabled, which trimmed and AOT apps turn off.")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProgressKit.Transports.SignalR.Serialization;

/// <summary>Puts ProgressKit's resolver first in a SignalR JSON protocol's chain without taking reflection away from other types.</summary>
/// <remarks>Linked as source into the SignalR server and client packages.</remarks>
internal static class PayloadResolverChain
{
    public static void AddFirst(JsonSerializerOptions payloadOptions, IJsonTypeInfoResolver resolver)
    {
        var chain = payloadOptions.TypeInfoResolverChain;

        // SignalR leaves the resolver unset, which means "reflection" only while the chain is empty: once a context
        // is in it, every other type the application sends would fail to serialize. Keep reflection explicitly.
        if (chain.Count == 0 && JsonSerializer.IsReflectionEnabledByDefault)
        {
            chain.Add(CreateReflectionResolver());
        }

        chain.Insert(0, resolver);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only when reflection-based serialization is enabled, which trimmed and AOT apps turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reached only when reflection-based serialization is enabled, which trimmed and AOT apps turn off.")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();
}

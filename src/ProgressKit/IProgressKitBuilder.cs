using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit;

/// <summary>
/// Returned by <see cref="ProgressKitServiceCollectionExtensions.AddProgressKit"/>; transports and stores extend it
/// with <c>Add…Transport</c> and <c>Use…</c> methods.
/// </summary>
public interface IProgressKitBuilder
{
    /// <summary>Gets the service collection ProgressKit registers into.</summary>
    IServiceCollection Services { get; }
}

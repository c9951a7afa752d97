using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>
/// Registers a named <see cref="HttpClient"/> whose every request is signed with AWS Signature Version 4 by AWSSDK.Core's
/// own <c>SigV4SigningHandler</c> (no hand-written crypto).
/// </summary>
/// <remarks>
/// <para>The signer is the primary handler (wrapping a <see cref="SocketsHttpHandler"/>), not an
/// <c>AddHttpMessageHandler</c> step: the factory requires added handlers to have no inner handler, and
/// <c>SigV4SigningHandler</c> always creates one. Being innermost also keeps the order the SDK asks for: any
/// retry handler sits outside the signer, so every attempt is signed afresh, and nothing below it follows redirects
/// (a followed redirect would replay or drop the signature).</para>
/// <para>Being innermost also means the factory's logging handlers only ever see the unsigned request: no log, not
/// even the structured state of a Trace-level header log, can hold an <c>Authorization</c> header or a session
/// token. Header values are redacted in those logs as well.</para>
/// </remarks>
internal static class SignedHttpClientRegistration
{
    /// <summary>Adds the named client; <paramref name="target"/> is asked once per handler lifetime.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="service">The SigV4 service name, for example <c>execute-api</c> or <c>appsync</c>.</param>
    /// <param name="target">Returns the credentials and region to sign with.</param>
    /// <returns>The client builder, for more configuration.</returns>
    public static IHttpClientBuilder AddSigV4HttpClient(
        this IServiceCollection services,
        string name,
        string service,
        Func<IServiceProvider, AwsSigningTarget> target)
    {
        return services
            .AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var signing = target(sp);
                return AwsSigV4Handler.Create(signing.Credentials, signing.Region.SystemName, service);
            })
            .RedactLoggedHeaders(static _ => true);
    }
}

/// <summary>What a signed client signs with.</summary>
/// <param name="Credentials">The credentials; resolved by the signer on every request, so refreshing credentials work.</param>
/// <param name="Region">The signing region.</param>
internal sealed record AwsSigningTarget(AWSCredentials Credentials, RegionEndpoint Region);

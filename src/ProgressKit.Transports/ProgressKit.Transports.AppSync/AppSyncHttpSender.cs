using System.Net.Http.Headers;
using ProgressKit.Transports.AppSync.Authorization;

namespace ProgressKit.Transports.AppSync;

/// <summary>POSTs one JSON body to AppSync with the configured authorization and returns the status and body.</summary>
internal sealed class AppSyncHttpSender(IHttpClientFactory httpClientFactory, AppSyncTransportOptions options)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly AppSyncRequestAuthorizer _authorizer = new(options);

    /// <summary>Gets the URL requests go to.</summary>
    public Uri Endpoint { get; } = AppSyncEndpoints.GetPublishEndpoint(options)
        ?? throw new InvalidOperationException($"{AppSyncTransportOptions.SectionName}:{nameof(AppSyncTransportOptions.HttpEndpoint)} is required.");

    /// <summary>Sends <paramref name="body"/>; network failures become transient <see cref="TransportException"/>s.</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The HTTP status and the answer's body.</returns>
    public async ValueTask<(int StatusCode, byte[] Body)> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        request.Content = content;
        await _authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);

        // Created per send, as IHttpClientFactory intends: cheap, and handler rotation keeps DNS fresh.
        var client = httpClientFactory.CreateClient(AppSyncHttpClient.Name);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, answer);
        }
        catch (HttpRequestException ex)
        {
            throw AppSyncFailures.Network(ex);
        }
    }
}

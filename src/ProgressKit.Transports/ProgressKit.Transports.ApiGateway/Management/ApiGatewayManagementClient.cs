using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>
/// Calls the API Gateway management API (<c>POST</c>, <c>GET</c>, <c>DELETE</c> on <c>@connections/{connectionId}</c>)
/// through <see cref="IHttpClientFactory"/>, signed with AWS Signature Version 4 (service <c>execute-api</c>) by
/// AWSSDK.Core's <c>SigV4SigningHandler</c>. The transport uses it; resolve it from the container to send your own
/// messages or close connections.
/// </summary>
/// <remarks>
/// <para>Any 2xx is success. 410 means the connection is gone (a result, not an exception). Every other failure throws
/// <see cref="TransportException"/>: 429, 5xx, 408, network errors and timeouts
/// (<see cref="ApiGatewayTransportOptions.PostTimeout"/>) are <see cref="TransportFailureKind.Transient"/>; 401, 403
/// and 404 are <see cref="TransportFailureKind.Configuration"/>; 413 and other 4xx are
/// <see cref="TransportFailureKind.Permanent"/>. Nothing is retried here: the caller decides.</para>
/// <para>Exception messages never contain response bodies, credentials or signatures. Thread-safe.</para>
/// </remarks>
public sealed class ApiGatewayManagementClient : IManagementApiClient
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly Uri _endpoint;

    internal ApiGatewayManagementClient(IHttpClientFactory httpClientFactory, IOptions<ApiGatewayTransportOptions> options)
    {
        _httpClientFactory = httpClientFactory;
        _endpoint = options.Value.Endpoint
            ?? throw new InvalidOperationException($"{ApiGatewayNames.ConfigurationSection}:Endpoint is required to call the management API.");
    }

    /// <summary>Sends one message to a connection (<c>POST @connections/{connectionId}</c>).</summary>
    /// <param name="connectionId">The connection id (URL-encoded here).</param>
    /// <param name="message">The message bytes, at most 128 KB.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="PostToConnectionResult.Delivered"/> or <see cref="PostToConnectionResult.Gone"/>.</returns>
    /// <exception cref="TransportException">Any other answer, a network failure or a timeout.</exception>
    public async ValueTask<PostToConnectionResult> PostToConnectionAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ConnectionUrl(connectionId))
        {
            Content = new ReadOnlyMemoryContent(message) { Headers = { ContentType = s_json } },
        };
        using var response = await SendAsync(request, "POST @connections", cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Gone ? PostToConnectionResult.Gone : PostToConnectionResult.Delivered;
    }

    /// <summary>Returns what API Gateway knows about a connection (<c>GET @connections/{connectionId}</c>).</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection's details, or <see langword="null"/> when it is gone.</returns>
    /// <exception cref="TransportException">Any answer but 2xx or 410, a network failure or a timeout.</exception>
    public async ValueTask<ApiGatewayConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ConnectionUrl(connectionId));
        using var response = await SendAsync(request, "GET @connections", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return null;
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = await JsonSerializer.DeserializeAsync(stream, ManagementJsonContext.Default.ConnectionInfoResponse, cancellationToken).ConfigureAwait(false);
                return new ApiGatewayConnectionInfo(body?.ConnectedAt, body?.LastActiveAt, body?.Identity?.SourceIp, body?.Identity?.UserAgent);
            }
        }
        catch (JsonException ex)
        {
            throw new TransportException("API Gateway management API answered GET @connections with a body that is not the documented JSON.",
                TransportFailureKind.Permanent, ex, (int)response.StatusCode);
        }
    }

    /// <summary>Closes a connection (<c>DELETE @connections/{connectionId}</c>); API Gateway then runs <c>$disconnect</c>.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was closed; <see langword="false"/> when it was already gone.</returns>
    /// <exception cref="TransportException">Any answer but 2xx or 410, a network failure or a timeout.</exception>
    public async ValueTask<bool> DeleteConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ConnectionUrl(connectionId));
        using var response = await SendAsync(request, "DELETE @connections", cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.Gone;
    }

    private Uri ConnectionUrl(string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return AwsServiceEndpoint.Combine(_endpoint, "@connections/" + Uri.EscapeDataString(connectionId));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(ApiGatewayNames.HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException($"API Gateway management API did not answer {operation} in time.", TransportFailureKind.Transient, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TransportException($"API Gateway management API call {operation} failed: {ex.HttpRequestError}.", TransportFailureKind.Transient, ex);
        }
        catch (AmazonClientException ex)
        {
            // Raised by the signer when no credentials or region can be resolved: an operator must fix it.
            throw new TransportException($"Signing {operation} failed: {ex.Message}", TransportFailureKind.Configuration, ex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Gone)
        {
            return response;
        }

        using (response)
        {
            throw ManagementApiFailures.FromStatus(response.StatusCode, operation, ErrorType(response));
        }
    }

    // "ForbiddenException:http://internal.amazon.com/..." -> "ForbiddenException"; only the name, never a body.
    private static string? ErrorType(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            return null;
        }

        var value = values.FirstOrDefault() ?? string.Empty;
        var end = value.IndexOf(':', StringComparison.Ordinal);
        var name = end < 0 ? value : value[..end];
        return name.Length <= 64 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }
}

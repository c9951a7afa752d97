namespace ProgressKit.Transports.AppSync.Authorization;

/// <summary>
/// Adds the API key or the token to a request. IAM requests need nothing here: the HTTP client's primary handler
/// (AWSSDK.Core's SigV4 signer, see <see cref="AppSyncHttpClient"/>) signs them.
/// </summary>
internal sealed class AppSyncRequestAuthorizer(AppSyncTransportOptions options)
{
    private readonly AppSyncAuthorizationMode _mode = options.AuthorizationMode;
    private readonly string? _apiKey = options.ApiKey;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider = options.BearerTokenProvider;

    public async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (_mode)
        {
            case AppSyncAuthorizationMode.ApiKey:
                request.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
                break;
            case AppSyncAuthorizationMode.BearerToken:
                request.Headers.TryAddWithoutValidation("Authorization", await GetTokenAsync(cancellationToken).ConfigureAwait(false));
                break;
            default:
                break;
        }
    }

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        string? token;
        try
        {
            token = await _tokenProvider!(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TransportException(
                $"{AppSyncTransportOptions.SectionName}:{nameof(AppSyncTransportOptions.BearerTokenProvider)} threw: {ex.Message}",
                TransportFailureKind.Transient,
                ex);
        }

        return string.IsNullOrWhiteSpace(token)
            ? throw new TransportException(
                $"{AppSyncTransportOptions.SectionName}:{nameof(AppSyncTransportOptions.BearerTokenProvider)} returned an empty token.",
                TransportFailureKind.Configuration)
            : token;
    }
}

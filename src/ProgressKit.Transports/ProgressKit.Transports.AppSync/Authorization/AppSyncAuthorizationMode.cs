namespace ProgressKit.Transports.AppSync.Authorization;

/// <summary>How the transport authorizes its requests to AppSync.</summary>
public enum AppSyncAuthorizationMode
{
    /// <summary>An API key, sent in the <c>x-api-key</c> header (<see cref="AppSyncTransportOptions.ApiKey"/>).</summary>
    ApiKey,

    /// <summary>
    /// IAM: every request is signed with Signature Version 4 for service <c>appsync</c> by AWSSDK.Core, with the
    /// credentials of AWSSDK.Core's default chain (or an <c>AWSCredentials</c> registered in the container).
    /// </summary>
    Iam,

    /// <summary>
    /// A token from <see cref="AppSyncTransportOptions.BearerTokenProvider"/>, sent in the <c>Authorization</c> header
    /// (Cognito user pools, OpenID Connect or a Lambda authorizer).
    /// </summary>
    BearerToken,
}

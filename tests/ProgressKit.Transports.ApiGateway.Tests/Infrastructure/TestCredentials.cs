using Amazon.Runtime;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>Fake credentials with distinctive values, so tests can search logs for them.</summary>
internal static class TestCredentials
{
    public const string AccessKeyId = "AKIDPROGRESSKITTEST";
    public const string SecretAccessKey = "pk-secret-Wv2v7Qk9dZx1Hq8sLm3R";
    public const string SessionToken = "pk-session-token-Jq4Zr8Nn2Yt6Bc0X";

    public static AWSCredentials Basic { get; } = new BasicAWSCredentials(AccessKeyId, SecretAccessKey);

    public static AWSCredentials Session { get; } = new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class Aws4ReferenceSignerTests
{
    private static readonly DateTime s_signedAt = new(2026, 11, 24, 12, 34, 56, DateTimeKind.Utc);

    [Theory]
    [InlineData(null)]
    [InlineData("session-token-example")]
    public async Task ComputeAuthorizationAsync_MatchesAwsSdkSigV4SigningHandler(string? sessionToken)
    {
        var credentials = sessionToken is null
            ? (AWSCredentials)new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            : new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken);
        var capture = new CapturingHandler();
        var signer = new SigV4SigningHandler(
            new AWSSigV4Parameters { Credentials = credentials, Region = RegionEndpoint.USEast1, Service = "execute-api", SignedAt = s_signedAt },
            capture);
        using var http = new HttpClient(signer);
        const string Body = "{\"type\":\"progress\",\"progress\":42}";

        using var response = await http.PostAsync(
            "https://abc123.execute-api.us-east-1.amazonaws.com/prod/@connections/R0oXAdfD0kwCH6w%3D",
            new StringContent(Body, Encoding.UTF8, "application/json"));
        var sent = capture.Request!;
        // The SDK adds the header without validation; the typed Authorization property cannot parse its comma list.
        var sdkAuthorization = sent.Headers.NonValidated["Authorization"].ToString();
        var reference = await Aws4ReferenceSigner.ComputeAuthorizationAsync(new Aws4ReferenceRequest
        {
            Method = sent.Method.Method,
            Host = sent.RequestUri!.Authority,
            Path = sent.RequestUri.PathAndQuery,
            Region = "us-east-1",
            Service = "execute-api",
            Headers = SignedHeaders(sent, sdkAuthorization),
            Body = Body,
            AccessKeyId = "AKIDEXAMPLE",
            SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            SessionToken = sessionToken,
        }).WithTimeout(TestTimeouts.FirstServerStart);

        sent.RequestUri.PathAndQuery.Should().Be("/prod/@connections/R0oXAdfD0kwCH6w%3D");
        sent.Headers.GetValues("X-Amz-Date").Should().Equal("20261124T123456Z");
        reference.Should().Be(sdkAuthorization);
    }

    // The headers named in SignedHeaders, with the values the SDK sent (host comes from the URL when not set).
    private static Dictionary<string, string> SignedHeaders(HttpRequestMessage sent, string authorization)
    {
        var names = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            headers[name] = name == "host" && sent.Headers.Host is null
                ? sent.RequestUri!.Authority
                : string.Join(", ", Values(sent, name));
        }

        return headers;
    }

    private static HeaderStringValues Values(HttpRequestMessage sent, string name) =>
        sent.Headers.NonValidated.TryGetValues(name, out var values)
            ? values
            : sent.Content!.Headers.NonValidated[name];

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        }
    }
}

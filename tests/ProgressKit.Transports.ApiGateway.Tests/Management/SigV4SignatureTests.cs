using System.Text;
using ProgressKit.LocalServers;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.Management;

/// <summary>
/// The management client's signature, made by AWSSDK.Core's SigV4SigningHandler, is re-derived by an independent
/// implementation (npm aws4 from node) for the captured request: a future SDK change cannot silently break signing.
/// </summary>
public sealed class SigV4SignatureTests : IAsyncLifetime
{
    private FaultProxy _server = null!;

    public async Task InitializeAsync() => _server = await FaultProxy.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_Signature_MatchesNpmAws4(bool sessionCredentials)
    {
        var credentials = sessionCredentials ? TestCredentials.Session : TestCredentials.Basic;
        await using var services = ServiceHarness.Build(o =>
        {
            o.Endpoint = new Uri(_server.Url, "prod");
            o.Region = "eu-west-1";
            o.Credentials = credentials;
        });
        var body = "{\"type\":\"progress_update\",\"message\":\"h\u00e9llo \u2713\"}";

        await services.ManagementClient().PostToConnectionAsync("R0oXAdfD0kwCH6w=", Encoding.UTF8.GetBytes(body), default);

        var captured = _server.Requests.Should().ContainSingle().Subject;
        var expected = await Aws4ReferenceSigner.ComputeAuthorizationAsync(ReferenceRequest(captured, "eu-west-1", sessionCredentials))
            .WithTimeout(TestTimeouts.ServerStart);
        captured.Headers["authorization"].Should().Be(expected);
        if (sessionCredentials)
        {
            captured.Headers["x-amz-security-token"].Should().Be(TestCredentials.SessionToken);
        }
    }

    [Fact]
    public async Task Delete_Signature_MatchesNpmAws4()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(204));

        await services.ManagementClient().DeleteConnectionAsync("a+b/c=", default);

        var captured = _server.Requests.Should().ContainSingle().Subject;
        var expected = await Aws4ReferenceSigner.ComputeAuthorizationAsync(ReferenceRequest(captured, "us-east-1", session: false))
            .WithTimeout(TestTimeouts.ServerStart);
        captured.Headers["authorization"].Should().Be(expected);
    }

    /// <summary>The captured request as aws4 must sign it: exactly the headers the SDK signed, with their sent values.</summary>
    private static Aws4ReferenceRequest ReferenceRequest(RecordedRequest captured, string region, bool session)
    {
        var authorization = captured.Headers["authorization"];
        var signedHeaders = authorization.Split(", ").Single(p => p.StartsWith("SignedHeaders=", StringComparison.Ordinal))["SignedHeaders=".Length..].Split(';');
        signedHeaders.Should().Contain(["host", "x-amz-date"]);
        return new Aws4ReferenceRequest
        {
            Method = captured.Method,
            Host = captured.Headers["host"],
            Path = captured.RawTarget,
            Region = region,
            Service = "execute-api",
            Headers = signedHeaders.Where(h => h != "host").ToDictionary(h => h, h => captured.Headers[h]),
            Body = Encoding.UTF8.GetString(captured.Body),
            AccessKeyId = TestCredentials.AccessKeyId,
            SecretAccessKey = TestCredentials.SecretAccessKey,
            SessionToken = session ? TestCredentials.SessionToken : null,
        };
    }
}

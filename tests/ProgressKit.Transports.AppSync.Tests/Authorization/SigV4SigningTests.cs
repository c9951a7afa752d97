using ProgressKit.LocalServers;
using ProgressKit.TestUtilities.Http;
using ProgressKit.Transports.AppSync.Authorization;
using ProgressKit.Transports.AppSync.Tests.Support;

namespace ProgressKit.Transports.AppSync.Tests.Authorization;

/// <summary>
/// IAM requests are signed by AWSSDK.Core; npm aws4 (an independent implementation) re-derives the same signature
/// from the request as it arrived, so that a future SDK change cannot silently break signing.
/// </summary>
public sealed class SigV4SigningTests
{
    [Theory]
    [InlineData(AppSyncApi.GraphQL, "/graphql", """{"data":{"publishProgress":{"job_id":"job-1"}}}""")]
    [InlineData(AppSyncApi.Events, "/event", """{"failed":[],"successful":[{"identifier":"x","index":0}]}""")]
    public async Task Iam_RequestSignature_IsReDerivedByNpmAws4(AppSyncApi api, string path, string answer)
    {
        await using var recorder = await LoopbackHttpServer.StartAsync(_ => Task.FromResult((200, answer)));
        await using var harness = AppSyncHarness.Create(o =>
        {
            o.Api = api;
            o.HttpEndpoint = new Uri(recorder.BaseUrl, path.TrimStart('/'));
            o.AuthorizationMode = AppSyncAuthorizationMode.Iam;
            o.Region = "eu-west-1";
        });

        await harness.Transport.SendAsync(TestEvents.Full(), CancellationToken.None);

        var request = recorder.Requests.Should().ContainSingle().Subject;
        request.Headers.Should().NotContainKey("x-api-key");
        var authorization = request.Headers["authorization"];
        authorization.Should().StartWith($"AWS4-HMAC-SHA256 Credential={AppSyncHarness.AccessKeyId}/").And.Contain("/eu-west-1/appsync/aws4_request");
        var signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var reference = await Aws4ReferenceSigner.ComputeAuthorizationAsync(new Aws4ReferenceRequest
        {
            Method = request.Method,
            Host = request.Headers["host"],
            Path = request.PathAndQuery,
            Region = "eu-west-1",
            Service = "appsync",
            Headers = signedHeaders.Where(h => h != "host").ToDictionary(h => h, h => request.Headers[h]),
            Body = request.BodyText,
            AccessKeyId = AppSyncHarness.AccessKeyId,
            SecretAccessKey = AppSyncHarness.SecretAccessKey,
        });

        reference.Should().Be(authorization);
    }

    [Fact]
    public async Task BearerToken_IsSentVerbatimInAuthorization_AskedPerRequest()
    {
        await using var recorder = await LoopbackHttpServer.StartAsync(_ => Task.FromResult((200, """{"data":{"publishProgress":{"job_id":"job-1"}}}""")));
        var calls = 0;
        await using var harness = AppSyncHarness.Create(o =>
        {
            o.HttpEndpoint = new Uri(recorder.BaseUrl, "graphql");
            o.AuthorizationMode = AppSyncAuthorizationMode.BearerToken;
            o.BearerTokenProvider = _ => ValueTask.FromResult($"eyJ.token.{Interlocked.Increment(ref calls)}");
        });

        await harness.Transport.SendAsync(TestEvents.Progress(seq: 1), CancellationToken.None);
        await harness.Transport.SendAsync(TestEvents.Progress(seq: 2), CancellationToken.None);

        recorder.Requests.Select(r => r.Headers["authorization"]).Should().Equal("eyJ.token.1", "eyJ.token.2");
    }

    [Fact]
    public async Task ApiKey_IsSentInXApiKey()
    {
        await using var recorder = await LoopbackHttpServer.StartAsync(_ => Task.FromResult((200, """{"data":{"publishProgress":{"job_id":"job-1"}}}""")));
        await using var harness = AppSyncHarness.Create(o =>
        {
            o.HttpEndpoint = new Uri(recorder.BaseUrl, "graphql");
            o.ApiKey = "da2-secret";
        });

        await harness.Transport.SendAsync(TestEvents.Progress(), CancellationToken.None);

        var request = recorder.Requests.Should().ContainSingle().Subject;
        request.Headers["x-api-key"].Should().Be("da2-secret");
        request.Headers.Should().NotContainKey("authorization");
        request.Headers["content-type"].Should().StartWith("application/json");
    }
}

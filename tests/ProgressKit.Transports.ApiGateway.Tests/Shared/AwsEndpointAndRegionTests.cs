using Amazon;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway.Tests.Shared;

/// <summary>The endpoint and region helpers that the AWS transports share as linked source.</summary>
public sealed class AwsEndpointAndRegionTests
{
    [Theory]
    [InlineData("https://abc.execute-api.eu-west-1.amazonaws.com/prod", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/@connections/x%3D")]
    [InlineData("https://abc.execute-api.eu-west-1.amazonaws.com/prod/", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/@connections/x%3D")]
    [InlineData("https://ws.example.com/api/progress", "https://ws.example.com/api/progress/@connections/x%3D")]
    [InlineData("http://127.0.0.1:4001", "http://127.0.0.1:4001/@connections/x%3D")]
    [InlineData("http://127.0.0.1:4001/", "http://127.0.0.1:4001/@connections/x%3D")]
    public void Combine_KeepsTheBasePath(string baseUrl, string expected) =>
        AwsServiceEndpoint.Combine(new Uri(baseUrl), "@connections/x%3D").AbsoluteUri.Should().Be(expected);

    [Theory]
    [InlineData("https://abc.execute-api.eu-west-1.amazonaws.com/prod", "eu-west-1")]
    [InlineData("https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod", "cn-north-1")]
    [InlineData("https://ABC.EXECUTE-API.US-EAST-2.AMAZONAWS.COM/prod", "us-east-2")]
    public void TryReadFromHost_StandardHost_ReadsTheRegion(string endpoint, string region)
    {
        AwsRegionResolver.TryReadFromHost(new Uri(endpoint), "execute-api", out var found).Should().BeTrue();
        found.Should().Be(region);
    }

    [Theory]
    [InlineData("https://ws.example.com/progress")]
    [InlineData("http://127.0.0.1:4001/")]
    [InlineData("https://execute-api.example.com/")]
    public void TryReadFromHost_OtherHost_FindsNothing(string endpoint) =>
        AwsRegionResolver.TryReadFromHost(new Uri(endpoint), "execute-api", out _).Should().BeFalse();

    [Fact]
    public void TryResolve_ConfiguredRegion_WinsOverHost()
    {
        AwsRegionResolver.TryResolve("ap-southeast-2", new Uri("https://abc.execute-api.eu-west-1.amazonaws.com/prod"), "execute-api", () => null, out var region)
            .Should().BeTrue();
        region.Should().Be(RegionEndpoint.APSoutheast2);
    }
}

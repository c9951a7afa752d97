using System.Text;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.Management;

/// <summary>The management API client against a loopback HTTP server that answers as API Gateway does.</summary>
public sealed class ApiGatewayManagementClientTests : IAsyncLifetime
{
    private FaultProxy _server = null!;

    public async Task InitializeAsync() => _server = await FaultProxy.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public async Task Post_Any2xx_IsDelivered(int status)
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(status));

        var result = await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        result.Should().Be(PostToConnectionResult.Delivered);
    }

    [Fact]
    public async Task Post_Gone_ReturnsGoneWithoutThrowing()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(410));

        var result = await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        result.Should().Be(PostToConnectionResult.Gone);
    }

    [Theory]
    [InlineData(403, TransportFailureKind.Configuration)]
    [InlineData(401, TransportFailureKind.Configuration)]
    [InlineData(404, TransportFailureKind.Configuration)]
    [InlineData(413, TransportFailureKind.Permanent)]
    [InlineData(400, TransportFailureKind.Permanent)]
    [InlineData(429, TransportFailureKind.Transient)]
    [InlineData(500, TransportFailureKind.Transient)]
    [InlineData(502, TransportFailureKind.Transient)]
    [InlineData(503, TransportFailureKind.Transient)]
    public async Task Post_ErrorStatus_ThrowsClassifiedTransportException(int status, TransportFailureKind kind)
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(status, ErrorType: "SomeException:http://internal.amazon.com/coral/"));

        var post = async () => await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        var thrown = (await post.Should().ThrowAsync<TransportException>()).Which;
        thrown.Kind.Should().Be(kind);
        thrown.StatusCode.Should().Be(status);
        thrown.Message.Should().Contain("SomeException").And.NotContain("internal.amazon.com");
    }

    [Fact]
    public async Task Post_ErrorWithBody_NeverQuotesTheBody()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(403, Body: "{\"message\":\"The Canonical String for this request should have been SECRET-CANONICAL\"}"));

        var post = async () => await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        (await post.Should().ThrowAsync<TransportException>()).Which.Message.Should().NotContain("SECRET-CANONICAL");
    }

    [Fact]
    public async Task Post_SlowerThanPostTimeout_ThrowsTransient()
    {
        await using var services = ServiceHarness.Build(o =>
        {
            o.Endpoint = _server.Url;
            o.PostTimeout = TimeSpan.FromMilliseconds(200);
        });
        _server.Enqueue(new Fault(200, Delay: TimeSpan.FromSeconds(30)));

        var post = async () => await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        (await post.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Transient);
    }

    [Fact]
    public async Task Post_NothingListening_ThrowsTransient()
    {
        var closedPort = LocalServers.FreePort.Get();
        await using var services = ServiceHarness.Build(o => o.Endpoint = new Uri($"http://127.0.0.1:{closedPort}/"));

        var post = async () => await services.ManagementClient().PostToConnectionAsync("abc", "{}"u8.ToArray(), default);

        (await post.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Transient);
    }

    [Fact]
    public async Task Post_EndpointWithStage_KeepsStageAndEncodesConnectionId()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = new Uri(_server.Url, "prod"));

        await services.ManagementClient().PostToConnectionAsync("R0oXAdfD0kwCH6w=", "{\"a\":1}"u8.ToArray(), default);

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.RawTarget.Should().Be("/prod/@connections/R0oXAdfD0kwCH6w%3D");
        Encoding.UTF8.GetString(request.Body).Should().Be("{\"a\":1}");
        request.Headers["authorization"].Should().StartWith("AWS4-HMAC-SHA256 Credential=" + TestCredentials.AccessKeyId + "/")
            .And.Contain("/us-east-1/execute-api/aws4_request");
    }

    [Fact]
    public async Task Get_Live_ReturnsConnectionInfo()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(200, Body: """
            {"connectedAt":"2026-11-24T06:00:00.000Z","identity":{"sourceIp":"203.0.113.7","userAgent":"Mozilla/5.0"},"lastActiveAt":"2026-11-24T06:05:00.000Z"}
            """));

        var info = await services.ManagementClient().GetConnectionAsync("conn/1", default);

        info.Should().Be(new ApiGatewayConnectionInfo(
            new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 6, 5, 0, TimeSpan.Zero), "203.0.113.7", "Mozilla/5.0"));
        _server.Requests.Should().ContainSingle().Which.RawTarget.Should().Be("/@connections/conn%2F1");
    }

    [Fact]
    public async Task Get_Gone_ReturnsNull()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(410));

        (await services.ManagementClient().GetConnectionAsync("abc", default)).Should().BeNull();
    }

    [Fact]
    public async Task Get_Forbidden_ThrowsConfiguration()
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(403));

        var get = async () => await services.ManagementClient().GetConnectionAsync("abc", default);

        (await get.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Configuration);
    }

    [Theory]
    [InlineData(204, true)]
    [InlineData(410, false)]
    public async Task Delete_ReportsWhetherTheConnectionWasClosed(int status, bool closed)
    {
        await using var services = ServiceHarness.Build(o => o.Endpoint = _server.Url);
        _server.Enqueue(new Fault(status));

        (await services.ManagementClient().DeleteConnectionAsync("abc", default)).Should().Be(closed);
        _server.Requests.Should().ContainSingle().Which.Method.Should().Be("DELETE");
    }
}

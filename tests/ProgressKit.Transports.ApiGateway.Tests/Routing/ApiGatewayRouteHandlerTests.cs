using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.Routing;

/// <summary>Every route and client message, with the in-memory registry.</summary>
public sealed class ApiGatewayRouteHandlerTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ApiGatewayTransportOptions _configured = new();

    public ApiGatewayRouteHandlerTests() : this(anonymous: false)
    {
    }

    private ApiGatewayRouteHandlerTests(bool anonymous, int maxEventBytes = ApiGatewayTransportOptions.DefaultMaxEventBytes)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSingleton<IConnectionRegistry, InMemoryConnectionRegistry>();
        services.AddApiGatewayRouteHandler(o =>
        {
            o.AllowAnonymous = anonymous;
            o.MaxClientMessageBytes = 256;
            o.MaxEventBytes = maxEventBytes;
        });
        _services = services.BuildServiceProvider();
    }

    private ApiGatewayRouteHandler Handler => _services.GetRequiredService<ApiGatewayRouteHandler>();

    private IConnectionRegistry Registry => _services.GetRequiredService<IConnectionRegistry>();

    // With the in-memory registry the job stream store is the core's in-memory one, where the publisher appends.
    private IJobStreamStore Store => _services.GetRequiredService<IJobStreamStore>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Connect_WithAuthorizerIdentity_RecordsTheConnection()
    {
        var response = await HandleAsync(RouteEvents.Connect("c1", RouteEvents.User("alice", "acme")));

        response.Should().Be(new RouteResponse(200));
        (await Registry.GetConnectionAsync("c1", default)).Should().Be(new ApiGatewayConnection("c1", "alice", "acme"));
    }

    [Fact]
    public async Task Connect_PrincipalIdOnly_UsesItAsTheUser()
    {
        await HandleAsync(RouteEvents.Connect("c1", new Dictionary<string, object> { ["principalId"] = "user-7" }));

        (await Registry.GetConnectionAsync("c1", default))!.UserId.Should().Be("user-7");
    }

    [Fact]
    public async Task Connect_NumericUserId_IsReadAsText()
    {
        await HandleAsync(RouteEvents.Connect("c1", new Dictionary<string, object> { ["userId"] = 42 }));

        (await Registry.GetConnectionAsync("c1", default))!.UserId.Should().Be("42");
    }

    [Fact]
    public async Task Connect_NoIdentityAndAnonymousOff_IsRefusedWith401AndNotRecorded()
    {
        var response = await HandleAsync(RouteEvents.Connect("c1"));

        response.StatusCode.Should().Be(401);
        (await Registry.GetConnectionAsync("c1", default)).Should().BeNull();
    }

    [Fact]
    public async Task Connect_NoIdentityAndAnonymousOn_IsRecordedWithoutUser()
    {
        using var anonymous = new ApiGatewayRouteHandlerTests(anonymous: true);

        var response = await anonymous.HandleAsync(RouteEvents.Connect("c1"));

        response.StatusCode.Should().Be(200);
        (await anonymous.Registry.GetConnectionAsync("c1", default)).Should().Be(new ApiGatewayConnection("c1", null, null));
    }

    [Fact]
    public async Task Disconnect_RemovesTheConnectionAndItsSubscriptions()
    {
        await ConnectAsync("c1", "alice");
        await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-1" }));

        var response = await HandleAsync(RouteEvents.Disconnect("c1"));

        response.StatusCode.Should().Be(200);
        (await Registry.GetConnectionAsync("c1", default)).Should().BeNull();
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Subscribe_KnownJob_RepliesSubscribedWithTheSnapshot()
    {
        await ConnectAsync("c1", "alice");
        var snapshot = TestEvents.Progress("job-1", 3, userId: "alice", progress: 30);
        Store.Append(snapshot);

        var response = await HandleAsync(RouteEvents.Message("c1", "{\"action\":\"subscribe\",\"job_id\":\"job-1\"}", "subscribe"));

        response.StatusCode.Should().Be(200);
        var reply = JsonDocument.Parse(response.Body!).RootElement;
        reply.GetProperty("type").GetString().Should().Be("subscribed");
        reply.GetProperty("job_id").GetString().Should().Be("job-1");
        ProgressEventSerializer.Deserialize(reply.GetProperty("snapshot").GetRawText()).Should().BeEquivalentTo(snapshot);
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().ContainSingle().Which.ConnectionId.Should().Be("c1");
    }

    [Fact]
    public async Task Subscribe_UnknownJob_SubscribesWithANullSnapshot()
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-later" }));

        response.Body.Should().Be("{\"type\":\"subscribed\",\"job_id\":\"job-later\",\"snapshot\":null}");
        (await Registry.GetJobSubscribersAsync("job-later", default)).Should().ContainSingle();
    }

    [Fact]
    public async Task Subscribe_AnotherUsersJob_IsRefusedAndNothingChanges()
    {
        await ConnectAsync("c1", "mallory");
        Store.Append(TestEvents.Progress("job-1", 1, userId: "alice"));

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-1" }));

        AssertError(response, "forbidden", "job-1");
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("request_status")]
    [InlineData("cancel_job")]
    public async Task StatusOrCancel_AnotherUsersJob_IsRefusedAndNothingChanges(string action)
    {
        await ConnectAsync("c1", "mallory");
        Store.Append(TestEvents.Progress("job-1", 1, userId: "alice"));

        var response = await HandleAsync(RouteEvents.Message("c1", new { action, job_id = "job-1" }));

        AssertError(response, "forbidden", "job-1");
        (await Registry.IsCancellationRequestedAsync("job-1", default)).Should().BeFalse();
    }

    [Fact]
    public async Task RequestStatus_OwnJob_RepliesStatus()
    {
        await ConnectAsync("c1", "alice");
        Store.Append(TestEvents.Progress("job-1", 2));

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "request_status", job_id = "job-1" }));

        var reply = JsonDocument.Parse(response.Body!).RootElement;
        reply.GetProperty("type").GetString().Should().Be("status");
        reply.GetProperty("snapshot").GetProperty("seq").GetInt64().Should().Be(2);
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty("a status request does not subscribe");
    }

    [Theory]
    [InlineData("request_status")]
    [InlineData("cancel_job")]
    public async Task StatusOrCancel_UnknownJob_RepliesJobNotFound(string action)
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action, job_id = "job-x" }));

        AssertError(response, "job_not_found", "job-x");
    }

    [Fact]
    public async Task CancelJob_OwnJob_SetsTheCancelFlagWithoutReply()
    {
        await ConnectAsync("c1", "alice");
        Store.Append(TestEvents.Progress("job-1", 2));

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "cancel_job", job_id = "job-1" }));

        response.Should().Be(new RouteResponse(200));
        (await Registry.IsCancellationRequestedAsync("job-1", default)).Should().BeTrue();
    }

    [Fact]
    public async Task SubscribeAndStatus_SnapshotOverTheMessageLimit_AreTheEventAsSubscribersReceivedIt()
    {
        using var limited = new ApiGatewayRouteHandlerTests(anonymous: false, maxEventBytes: 2048);
        await limited.ConnectAsync("c1", "alice");
        limited.Store.Append(TestEvents.Completed("job-1", 5, results: TestEvents.LargeResults(10_000)));

        var subscribed = await limited.HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-1" }));
        var status = await limited.HandleAsync(RouteEvents.Message("c1", new { action = "request_status", job_id = "job-1" }));

        foreach (var response in new[] { subscribed, status })
        {
            var snapshot = JsonDocument.Parse(response.Body!).RootElement.GetProperty("snapshot");
            Encoding.UTF8.GetByteCount(snapshot.GetRawText()).Should().BeLessThanOrEqualTo(2048);
            var received = ProgressEventSerializer.Deserialize(snapshot.GetRawText());
            received.Results.Should().BeNull();
            received.Truncated.Should().Contain("results");
        }
    }

    [Fact]
    public async Task Unsubscribe_RemovesTheSubscriptionWithoutReply()
    {
        await ConnectAsync("c1", "alice");
        await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-1" }));

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "unsubscribe", job_id = "job-1" }));

        response.Body.Should().BeNull();
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task SubscribeMyJobs_WithUser_RegistersForTheUsersJobs()
    {
        await ConnectAsync("c1", "alice", "acme");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe_my_jobs" }));

        response.Body.Should().BeNull();
        (await Registry.GetUserSubscribersAsync("alice", "acme", default)).Should().ContainSingle();
    }

    [Fact]
    public async Task SubscribeMyJobs_Anonymous_IsRefused()
    {
        using var anonymous = new ApiGatewayRouteHandlerTests(anonymous: true);
        await anonymous.HandleAsync(RouteEvents.Connect("c1"));

        var response = await anonymous.HandleAsync(RouteEvents.Message("c1", new { action = "subscribe_my_jobs" }));

        AssertError(response, "unauthenticated", null);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"subscribe\"")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"action\":7}")]
    [InlineData("{\"action\":\"subscribe\",\"job_id\":5}")]
    [InlineData("{\"action\":\"subscribe\"}")]
    [InlineData("{\"action\":\"subscribe\",\"job_id\":\"a\"")]
    public async Task Message_Malformed_RepliesMalformedAndChangesNothing(string body)
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", body));

        AssertError(response, "malformed_message", null);
        (await Registry.GetUserSubscribersAsync("alice", null, default)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/job")]
    public async Task Message_InvalidJobId_RepliesInvalidJobId(string jobId)
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = jobId }));

        AssertError(response, "invalid_job_id", null);
        (await Registry.GetJobSubscribersAsync(jobId.Length == 0 ? "x" : jobId, default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Message_TooLong_RepliesMessageTooLarge()
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "subscribe", job_id = "job-1", padding = new string('x', 300) }));

        AssertError(response, "message_too_large", null);
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Message_UnknownAction_RepliesUnknownActionNamingTheJob()
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.Message("c1", new { action = "delete_everything", job_id = "job-1" }));

        AssertError(response, "unknown_action", "job-1");
    }

    [Fact]
    public async Task Message_BinaryFrame_IsDecodedFromBase64()
    {
        await ConnectAsync("c1", "alice");

        var response = await HandleAsync(RouteEvents.BinaryMessage("c1", Encoding.UTF8.GetBytes("{\"action\":\"subscribe\",\"job_id\":\"job-1\"}")));

        JsonDocument.Parse(response.Body!).RootElement.GetProperty("type").GetString().Should().Be("subscribed");
    }

    [Fact]
    public async Task Message_ConnectionRecordMissing_IsRefusedWhenAnonymousIsOff()
    {
        var response = await HandleAsync(RouteEvents.Message("never-connected", new { action = "subscribe", job_id = "job-1" }));

        AssertError(response, "unauthenticated", null);
        (await Registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"requestContext\":{}}")]
    [InlineData("[]")]
    public async Task Handle_NotARouteEvent_Answers400(string json)
    {
        var response = await HandleAsync(Encoding.UTF8.GetBytes(json));

        response.Should().Be(new RouteResponse(400));
    }

    [Fact]
    public async Task Handle_FromStream_GivesTheSameAnswer()
    {
        using var stream = new MemoryStream(RouteEvents.Connect("c1", RouteEvents.User("alice")));

        var response = await Handler.HandleAsync(stream, default);

        response.Should().Be(new RouteResponse(200));
    }

    [Fact]
    public void RouteResponse_ToJson_IsTheLambdaProxyShape()
    {
        new RouteResponse(200, "{\"a\":1}").ToJson().Should().Be("{\"statusCode\":200,\"body\":\"{\\u0022a\\u0022:1}\"}");
        Encoding.UTF8.GetString(new RouteResponse(401).ToUtf8Json()).Should().Be("{\"statusCode\":401}");
    }

    private Task<RouteResponse> HandleAsync(byte[] routeEvent) => Handler.HandleAsync(routeEvent, default);

    private Task<RouteResponse> ConnectAsync(string connectionId, string userId, string? tenantId = null) =>
        HandleAsync(RouteEvents.Connect(connectionId, RouteEvents.User(userId, tenantId)));

    private static void AssertError(RouteResponse response, string code, string? jobId)
    {
        response.StatusCode.Should().Be(200, "API Gateway forwards a route response body only with a 2xx");
        var reply = JsonDocument.Parse(response.Body!).RootElement;
        reply.GetProperty("type").GetString().Should().Be("error");
        reply.GetProperty("code").GetString().Should().Be(code);
        reply.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        if (jobId is null)
        {
            reply.TryGetProperty("job_id", out _).Should().BeFalse();
        }
        else
        {
            reply.GetProperty("job_id").GetString().Should().Be(jobId);
        }
    }
}

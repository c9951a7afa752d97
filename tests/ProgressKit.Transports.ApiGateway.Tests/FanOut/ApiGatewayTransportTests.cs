using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.FanOut;

/// <summary>Fan-out rules, with the in-memory registry and a scriptable management API.</summary>
public sealed class ApiGatewayTransportTests
{
    private readonly FakeManagementClient _client = new();
    private readonly ApiGatewayTransportOptions _options = new() { Endpoint = new Uri("http://127.0.0.1:1/") };
    private readonly RecordingBarrier _barrier = new();
    private InMemoryConnectionRegistry? _registry;

    private InMemoryConnectionRegistry Registry => _registry ??= new InMemoryConnectionRegistry(Options.Create(_options));

    [Fact]
    public async Task Send_JobAndMyJobsSubscribers_EachGetsTheEventOnce()
    {
        var transport = CreateTransport();
        await SubscribeAsync("job-sub", "alice", "job-1");
        await SubscribeMyJobsAsync("my-jobs", "alice");
        await SubscribeAsync("both", "alice", "job-1");
        await SubscribeMyJobsAsync("both", "alice");
        await SubscribeAsync("other-job", "alice", "job-2");

        await transport.SendAsync(TestEvents.Progress("job-1", 1), default);

        _client.Posts.Select(p => p.ConnectionId).Should().BeEquivalentTo(["job-sub", "my-jobs", "both"]);
    }

    [Fact]
    public async Task Send_SubscriberOfAnotherUser_IsNotSent()
    {
        var transport = CreateTransport();
        await SubscribeAsync("bob-conn", "bob", "job-1");
        await SubscribeAsync("alice-conn", "alice", "job-1");

        await transport.SendAsync(TestEvents.Progress("job-1", 1, userId: "alice"), default);

        _client.Posts.Should().ContainSingle().Which.ConnectionId.Should().Be("alice-conn");
    }

    [Fact]
    public async Task Send_MyJobsOfAnotherTenant_IsNotSent()
    {
        var transport = CreateTransport();
        await Registry.AddConnectionAsync(new ApiGatewayConnection("t2", "alice", "tenant-2"), default);
        await Registry.SubscribeToUserJobsAsync(new ApiGatewayConnection("t2", "alice", "tenant-2"), default);

        await transport.SendAsync(TestEvents.Progress("job-1", 1, userId: "alice", tenantId: "tenant-1"), default);

        _client.Posts.Should().BeEmpty();
    }

    [Fact]
    public async Task Send_Delivered_BodyIsTheWireFormatEvent()
    {
        var transport = CreateTransport();
        await SubscribeAsync("c1", "alice", "job-1");
        var evt = TestEvents.Progress("job-1", 1);

        await transport.SendAsync(evt, default);

        Encoding.UTF8.GetString(_client.Posts.Single().Body).Should().Be(ProgressEventSerializer.Serialize(evt));
    }

    [Fact]
    public async Task Send_ConnectionGone_RemovesItFromRegistryAndCacheAndSucceeds()
    {
        _options.SubscriberCacheDuration = TimeSpan.FromMinutes(1);
        var transport = CreateTransport();
        await SubscribeAsync("gone", "alice", "job-1");
        await SubscribeAsync("live", "alice", "job-1");
        _client.Behavior = (id, _, _) => ValueTask.FromResult(id == "gone" ? PostToConnectionResult.Gone : PostToConnectionResult.Delivered);

        await transport.SendAsync(TestEvents.Progress("job-1", 1), default);
        await transport.SendAsync(TestEvents.Progress("job-1", 2), default);

        (await Registry.GetConnectionAsync("gone", default)).Should().BeNull();
        (await Registry.GetJobSubscribersAsync("job-1", default)).Select(s => s.ConnectionId).Should().Equal("live");
        _client.BodiesFor("live").Should().HaveCount(2);
        var goneAttempts = 0;
        _client.Behavior = (id, _, _) =>
        {
            if (id == "gone")
            {
                goneAttempts++;
            }

            return ValueTask.FromResult(PostToConnectionResult.Delivered);
        };
        await transport.SendAsync(TestEvents.Progress("job-1", 3), default);
        goneAttempts.Should().Be(0, "the 410 dropped the cached list, so the next event asked the registry again");
    }

    [Fact]
    public async Task Send_OnePostFailsTransiently_ThrowsTransientAndTheRetryPostsOnlyToTheRest()
    {
        var transport = CreateTransport();
        await SubscribeAsync("ok", "alice", "job-1");
        await SubscribeAsync("throttled", "alice", "job-1");
        _client.Behavior = (id, attempt, _) => id == "throttled" && attempt == 1
            ? throw new TransportException("429", TransportFailureKind.Transient, statusCode: 429)
            : ValueTask.FromResult(PostToConnectionResult.Delivered);
        var evt = TestEvents.Progress("job-1", 1);

        var first = async () => await transport.SendAsync(evt, default);
        (await first.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Transient);
        await transport.SendAsync(evt, default);

        _client.BodiesFor("ok").Should().ContainSingle();
        _client.BodiesFor("throttled").Should().ContainSingle();
    }

    [Fact]
    public async Task Send_ForbiddenAndThrottledTogether_ThrowsTheConfigurationFailure()
    {
        var transport = CreateTransport();
        await SubscribeAsync("a", "alice", "job-1");
        await SubscribeAsync("b", "alice", "job-1");
        _client.Behavior = (id, _, _) => throw (id == "a"
            ? new TransportException("403", TransportFailureKind.Configuration, statusCode: 403)
            : new TransportException("429", TransportFailureKind.Transient, statusCode: 429));

        var send = async () => await transport.SendAsync(TestEvents.Progress("job-1", 1), default);

        (await send.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Configuration);
    }

    [Fact]
    public async Task Send_PermanentFailure_IsNotRememberedForARetry()
    {
        var transport = CreateTransport();
        await SubscribeAsync("a", "alice", "job-1");
        await SubscribeAsync("b", "alice", "job-1");
        _client.Behavior = (id, attempt, _) => id == "b" && attempt == 1
            ? throw new TransportException("413", TransportFailureKind.Permanent, statusCode: 413)
            : ValueTask.FromResult(PostToConnectionResult.Delivered);
        var evt = TestEvents.Progress("job-1", 1);

        var send = async () => await transport.SendAsync(evt, default);

        (await send.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Permanent);
        await transport.SendAsync(evt, default);
        _client.BodiesFor("a").Should().HaveCount(2, "a permanent failure ends the event's attempt; a later send is a new one");
    }

    [Fact]
    public async Task Send_EventOverTheLimit_IsCutByTheRuleAndNamesTheCut()
    {
        _options.MaxEventBytes = 2048;
        var transport = CreateTransport();
        await SubscribeAsync("c1", "alice", "job-1");

        await transport.SendAsync(TestEvents.Completed("job-1", 5, results: TestEvents.LargeResults(10_000)), default);

        var body = _client.Posts.Single().Body;
        body.Length.Should().BeLessThanOrEqualTo(2048);
        var received = ProgressEventSerializer.Deserialize(body);
        received.Type.Should().Be(ProgressEventType.JobComplete);
        received.Results.Should().BeNull();
        received.Truncated.Should().Contain("results");
        _barrier.Waited.Should().ContainSingle().Which.Truncated.Should().Contain("results", "the store is awaited for the event as clients receive it");
    }

    [Fact]
    public async Task Send_WaitsForTheStoreBeforeLookingUpSubscribersAndPosting()
    {
        var counting = new CountingRegistry(Registry);
        var transport = CreateTransport(counting);
        await SubscribeAsync("c1", "alice", "job-1");
        var stored = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _barrier.Next = stored.Task;

        var send = transport.SendAsync(TestEvents.Progress("job-1", 7), default).AsTask();
        await _barrier.Entered.Task.WithTimeout();

        counting.JobLookups.Should().Be(0, "subscribers are looked up only once the store holds the event");
        _client.Posts.Should().BeEmpty();
        stored.SetResult(0);
        await send.WithTimeout();
        counting.JobLookups.Should().Be(1);
        _client.Posts.Should().ContainSingle();
        _barrier.Waited.Should().ContainSingle().Which.Sequence.Should().Be(7);
    }

    [Fact]
    public async Task Send_NoSubscribers_WaitsForTheStoreAndPostsNothing()
    {
        var transport = CreateTransport();

        await transport.SendAsync(TestEvents.Progress("job-1", 1), default);

        _client.Posts.Should().BeEmpty();
        _barrier.Waited.Should().ContainSingle().Which.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task Send_EventNotStored_FailsAsTransientAndPostsNothing()
    {
        var transport = CreateTransport();
        await SubscribeAsync("c1", "alice", "job-1");
        _barrier.Next = Task.FromException<long>(new TransportException("not stored", TransportFailureKind.Transient));

        var send = async () => await transport.SendAsync(TestEvents.Progress("job-1", 1), default);

        (await send.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Transient);
        _client.Posts.Should().BeEmpty();
    }

    [Fact]
    public async Task Send_NewSubscriptionDuringTheCacheDuration_IsSeenAtOnce()
    {
        _options.SubscriberCacheDuration = TimeSpan.FromMinutes(1);
        var transport = CreateTransport();
        await transport.SendAsync(TestEvents.Progress("job-1", 1), default);
        await SubscribeAsync("late", "alice", "job-1");

        await transport.SendAsync(TestEvents.Progress("job-1", 2), default);

        _client.BodiesFor("late").Should().ContainSingle("the subscribe changed the job's subscription version");
    }

    [Fact]
    public async Task Send_UnchangedSubscriptions_ReusesTheCachedListExceptForTheTerminalEvent()
    {
        _options.SubscriberCacheDuration = TimeSpan.FromMinutes(1);
        var counting = new CountingRegistry(Registry);
        var transport = CreateTransport(counting);
        await SubscribeAsync("c1", "alice", "job-1");

        for (var seq = 1; seq <= 5; seq++)
        {
            await transport.SendAsync(TestEvents.Progress("job-1", seq), default);
        }

        counting.JobLookups.Should().Be(1);
        await transport.SendAsync(TestEvents.Completed("job-1", 6), default);
        counting.JobLookups.Should().Be(2, "a terminal event always asks the registry");
        _client.BodiesFor("c1").Should().HaveCount(6);
    }

    [Fact]
    public async Task Send_ManySubscribers_PostsConcurrentlyWithinTheLimit()
    {
        _options.MaxConcurrentPosts = 4;
        var transport = CreateTransport();
        for (var i = 0; i < 40; i++)
        {
            await SubscribeAsync($"c{i}", "alice", "job-1");
        }

        var fourInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        _client.Behavior = async (_, _, _) =>
        {
            if (Interlocked.Increment(ref inFlight) == 4)
            {
                fourInFlight.TrySetResult();
            }

            await release.Task;
            Interlocked.Decrement(ref inFlight);
            return PostToConnectionResult.Delivered;
        };

        var send = transport.SendAsync(TestEvents.Progress("job-1", 1), default).AsTask();
        await fourInFlight.Task.WithTimeout();
        release.SetResult();
        await send.WithTimeout();

        _client.Posts.Should().HaveCount(40);
        _client.MaxInFlight.Should().Be(4);
    }

    [Fact]
    public void Name_IsApiGateway() => CreateTransport().Name.Should().Be("apigateway");

    private ApiGatewayTransport CreateTransport(IConnectionRegistry? registry = null)
    {
        _barrier.Inner = new RegistryVersionBarrier(Registry);
        return new(_client, registry ?? Registry, new OwnerJobAccessPolicy(), _barrier, Options.Create(_options), NullLogger<ApiGatewayTransport>.Instance);
    }

    /// <summary>The in-memory registry's barrier, recording what it was asked to wait for; a test may hold the next wait.</summary>
    private sealed class RecordingBarrier : IStreamWriteBarrier
    {
        public RegistryVersionBarrier? Inner { get; set; }

        public Task<long>? Next { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<ProgressEvent> Waited { get; } = new();

        public async ValueTask<long> WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
        {
            Waited.Enqueue(progressEvent);
            Entered.TrySetResult();
            if (Next is { } next)
            {
                Next = null;
                await next;
            }

            return await Inner!.WaitAsync(progressEvent, cancellationToken);
        }
    }

    private async Task SubscribeAsync(string connectionId, string userId, string jobId)
    {
        var connection = new ApiGatewayConnection(connectionId, userId, null);
        if (await Registry.GetConnectionAsync(connectionId, default) is null)
        {
            await Registry.AddConnectionAsync(connection, default);
        }

        await Registry.SubscribeAsync(connection, jobId, default);
    }

    private async Task SubscribeMyJobsAsync(string connectionId, string userId)
    {
        var connection = new ApiGatewayConnection(connectionId, userId, null);
        if (await Registry.GetConnectionAsync(connectionId, default) is null)
        {
            await Registry.AddConnectionAsync(connection, default);
        }

        await Registry.SubscribeToUserJobsAsync(connection, default);
    }
}

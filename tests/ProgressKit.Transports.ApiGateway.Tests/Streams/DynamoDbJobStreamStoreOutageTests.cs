using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Streams;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;
using static ProgressKit.Transports.ApiGateway.Tests.Streams.StreamEvents;

namespace ProgressKit.Transports.ApiGateway.Tests.Streams;

/// <summary>The DynamoDB job stream store when DynamoDB is unreachable (a closed loopback port) or its writer is behind.</summary>
public sealed class DynamoDbJobStreamStoreOutageTests : IAsyncLifetime
{
    private StreamStoreHarness? _harness;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_DynamoDbUnreachable_ReturnsAtOnceAndReadsFailClearlyUnlessThisProcessKnowsTheJob()
    {
        var harness = await StartUnreachableAsync(o => o.StreamStore.MaxWriteAttempts = 2);
        var watch = Stopwatch.StartNew();

        for (var seq = 1; seq <= 100; seq++)
        {
            harness.Store.Append(Progress("job-1", seq));
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "Append only records and queues");
        var local = harness.Store.GetLocalState("job-1");
        local!.Position.Sequence.Should().Be(100);
        (await harness.Store.GetSnapshotAsync("job-1").WithTimeout())!.Sequence.Should().Be(100, "this process's copy answers while DynamoDB is away");
        (await harness.Store.ReadAsync("job-1", null).WithTimeout()).State!.Snapshot.Sequence.Should().Be(100);

        var unknown = async () => await harness.Store.GetSnapshotAsync("job-other");
        (await unknown.Should().ThrowAsync<InvalidOperationException>().WithTimeout())
            .WithMessage("*job-other*not in this process's copy*DynamoDB job stream store could not be read*");
        var resume = async () => await harness.Store.ReadAsync("job-other", null);
        await resume.Should().ThrowAsync<InvalidOperationException>().WithTimeout();

        var flush = async () => await harness.Store.FlushAsync("job-1", default);
        (await flush.Should().ThrowAsync<InvalidOperationException>().WithTimeout()).WithMessage("*after 2 attempts*");
        harness.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 3031, "giving up is logged");
    }

    [Fact]
    public async Task Reads_FromThisProcessesCopy_AnswerWithTheEventAsClientsReceiveIt()
    {
        var harness = await StartUnreachableAsync(o => o.MaxEventBytes = 2048);
        harness.Store.Append(Progress("job-1", 1, message: new string('m', 10_000)));

        var snapshot = await harness.Store.GetSnapshotAsync("job-1").WithTimeout();
        var state = await harness.Store.GetStateAsync("job-1").WithTimeout();
        var resume = await harness.Store.ReadAsync("job-1", null).WithTimeout();

        foreach (var answered in new[] { snapshot!, state!.Snapshot, resume.State!.Snapshot })
        {
            answered.Truncated.Should().Contain("message");
            answered.Message!.Length.Should().BeLessThan(2048);
        }

        harness.Store.GetLocalState("job-1")!.Snapshot.Message.Should().HaveLength(10_000, "the local copy holds the event as published");
    }

    [Fact]
    public async Task GetLocalState_AnswersFromThisProcessWithoutIo()
    {
        var harness = await StartUnreachableAsync();
        harness.Store.Append(Chunk("job-1", 1, "answer", 0, "Hi"));

        var state = harness.Store.GetLocalState("job-1");

        state!.Position.Should().Be(new JobStreamPosition(Epoch1, 1, 1));
        state.Streams["answer"].Text.Should().Be("Hi");
        harness.Store.GetLocalState("job-unknown").Should().BeNull();
    }

    [Fact]
    public async Task Append_WriteQueueFull_DropsAreCountedAndATerminalDropIsLoggedEachTime()
    {
        var harness = await StartUnreachableAsync(o =>
        {
            o.StreamStore.WriteQueueCapacity = 4;
            o.StreamStore.RetryDelay = TimeSpan.FromMinutes(1);
        });
        using var dropped = new MetricCollector<long>(harness.Meters, DynamoDbStreamMetrics.MeterName, "progresskit.dynamodb.stream.dropped");
        harness.Store.Append(Progress("job-1", 1));

        // Once the writer failed its first attempt it waits out the retry delay holding event 1, so the queue is empty.
        await WaitForAsync(() => harness.Logs.GetSnapshot().Any(r => r.Id.Id == 3030));
        for (var seq = 2; seq <= 7; seq++)
        {
            harness.Store.Append(Progress("job-1", seq));
        }

        harness.Store.Append(Completed("job-1", 8));

        dropped.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(3, "four of the seven fit the queue");
        dropped.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags["reason"] == "queue_full");
        harness.Logs.GetSnapshot().Where(r => r.Id.Id == 3032).Should().ContainSingle("a run of drops is logged once");
        harness.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 3033 && r.Message.Contains("#8"), "a terminal drop is never silent");
        harness.Store.GetLocalState("job-1")!.Position.Sequence.Should().Be(8, "the local copy holds every event");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task<StreamStoreHarness> StartUnreachableAsync(Action<ApiGatewayTransportOptions>? configure = null)
    {
        _harness = await StreamStoreHarness.StartAsync(ClosedPort(), "unreachable", configure: o =>
        {
            o.StreamStore.OperationTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        }, provision: false);
        return _harness;
    }

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

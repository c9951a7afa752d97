using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;
using static ProgressKit.Transports.ApiGateway.Tests.Streams.StreamEvents;

namespace ProgressKit.Transports.ApiGateway.Tests.Streams;

/// <summary>The DynamoDB job stream store through a fault proxy in front of dynalite: DynamoDB fails, then comes back.</summary>
public sealed class DynamoDbJobStreamStoreRecoveryTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..10];
    private FaultProxy? _proxy;
    private StreamStoreHarness? _harness;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Flush_AfterAGivenUpWrite_WritesTheGivenUpEventsOnceDynamoDbIsBack()
    {
        _proxy = await FaultProxy.StartAsync(dynalite.ServiceUrl);
        _harness = await StreamStoreHarness.StartAsync(_proxy.Url, _prefix, configure: o => o.StreamStore.MaxWriteAttempts = 2);
        _harness.Store.Append(Progress("job-1", 1));
        await _harness.Store.FlushAsync("job-1", default).WithTimeout();
        var failing = true;
        _proxy.Rule = _ => Volatile.Read(ref failing) ? new Fault(400, ErrorType: "ValidationException", Body: "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"injected\"}") : null;

        _harness.Store.Append(Completed("job-1", 2));
        var givenUp = async () => await _harness.Store.FlushAsync("job-1", default);
        await givenUp.Should().ThrowAsync<InvalidOperationException>().WithTimeout();
        Volatile.Write(ref failing, false);

        (await _harness.Store.FlushAsync("job-1", default).WithTimeout()).Should().BeGreaterThanOrEqualTo(0, "the retried write returns the subscription version");

        await using var reader = await StreamStoreHarness.StartAsync(dynalite.ServiceUrl, _prefix, provision: false);
        var state = await reader.Store.GetStateAsync("job-1").WithTimeout();
        state!.Snapshot.Type.Should().Be(Events.ProgressEventType.JobComplete, "the terminal event is stored once DynamoDB is back");
        state.Position.Should().Be(new JobStreamPosition(Epoch1, 2, 2));
    }
}

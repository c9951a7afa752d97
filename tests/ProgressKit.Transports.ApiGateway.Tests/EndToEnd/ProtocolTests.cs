using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.EndToEnd;

/// <summary>Access control, malformed messages and log hygiene, through the emulator's real sockets.</summary>
[Collection(ApiGatewayEmulatorCollection.Name)]
public sealed partial class ProtocolTests(ApiGatewayEmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task AnotherUsersJob_IsRefusedForEveryActionAndNeverDelivered()
    {
        var services = Start();
        var publisher = services.GetRequiredService<IProgressPublisher>();
        var jobId = NewJobId();
        var mallory = await ConnectAsync("mallory");
        await SubscribeAsync(mallory, jobId);
        using var job = publisher.StartJob(jobId, userId: "alice");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        foreach (var action in new[] { "subscribe", "request_status", "cancel_job" })
        {
            var reply = await mallory.RequestAsync(new { action, job_id = jobId });
            reply.GetProperty("type").GetString().Should().Be("error");
            reply.GetProperty("code").GetString().Should().Be("forbidden");
            reply.GetProperty("job_id").GetString().Should().Be(jobId);
        }

        var alice = await ConnectAsync("alice");
        await SubscribeAsync(alice, jobId);
        job.Complete();
        await alice.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        var probe = await mallory.RequestAsync(new { action = "request_status", job_id = "job-unknown-probe" });
        probe.GetProperty("code").GetString().Should().Be("job_not_found");
        mallory.Events.Should().BeEmpty("a subscription made before the job existed is checked again at delivery");
        (await Registry(services).IsCancellationRequestedAsync(jobId, default)).Should().BeFalse();
    }

    [Theory]
    [InlineData("this is not json", "malformed_message")]
    [InlineData("{\"job_id\":\"job-1\"}", "malformed_message")]
    [InlineData("{\"action\":\"subscribe\"}", "malformed_message")]
    [InlineData("{\"action\":\"launch_missiles\",\"job_id\":\"job-1\"}", "unknown_action")]
    [InlineData("{\"action\":\"subscribe\",\"job_id\":\"../../etc/passwd\"}", "invalid_job_id")]
    public async Task MalformedMessage_GetsAnErrorAndTheConnectionStaysUsable(string message, string code)
    {
        var services = Start();
        var client = await ConnectAsync("alice");

        await client.SendTextAsync(message);
        var reply = await client.NextReplyAsync();

        reply.GetProperty("type").GetString().Should().Be("error");
        reply.GetProperty("code").GetString().Should().Be(code);
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);
        (await Registry(services).GetJobSubscribersAsync(jobId, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task OversizedMessage_GetsMessageTooLarge()
    {
        Start();
        var client = await ConnectAsync("alice");

        var reply = await client.RequestAsync(new { action = "subscribe", job_id = "job-1", padding = new string('x', 5_000) });

        reply.GetProperty("code").GetString().Should().Be("message_too_large");
    }

    [Fact]
    public async Task ClientWithoutIdentity_IsRefusedAtTheHandshake()
    {
        Start();

        var connect = () => ConnectAsync(user: null);

        (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task AnonymousAllowed_ConnectsAndFollowsJobsWithoutUser()
    {
        var services = Start(configure: o => o.AllowAnonymous = true);
        var client = await ConnectAsync(user: null);
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);

        services.GetRequiredService<IProgressPublisher>().StartJob(jobId).Complete();

        (await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete)).UserId.Should().BeNull();
    }

    [Fact]
    public async Task Logs_NeverContainCredentialsOrSignatures()
    {
        var posts = 0;
        Proxy.Rule = request => request.Method == "POST" ? Interlocked.Increment(ref posts) switch
        {
            1 => new Fault(429),
            2 => new Fault(403, Body: "{\"message\":\"Signature expired\"}"),
            _ => null,
        } : null;
        var services = Start(
            viaProxy: true,
            configure: o => o.Credentials = TestCredentials.Session,
            core: o => o.Resilience.CircuitBreakDuration = TimeSpan.FromMilliseconds(500));
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);

        services.GetRequiredService<IProgressPublisher>().StartJob(jobId, userId: "alice").Complete();
        await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);

        var signatures = Proxy.Requests.Where(r => r.Headers.ContainsKey("authorization"))
            .Select(r => SignatureRegex().Match(r.Headers["authorization"]).Groups[1].Value).ToArray();
        signatures.Should().NotBeEmpty().And.OnlyContain(s => s.Length == 64);
        var logs = services.AllLogText();
        logs.Should().Contain("[1011]", "the 403 was logged");
        logs.Should().NotContain("System.Net.Http.HttpClient", "the management client logs no request (the transport logs failures)");
        logs.Should().NotContainEquivalentOf("authorization");
        logs.Should().NotContain(TestCredentials.SecretAccessKey).And.NotContain(TestCredentials.SessionToken)
            .And.NotContain("AWS4-HMAC-SHA256").And.NotContain("Signature=");
        foreach (var signature in signatures)
        {
            logs.Should().NotContain(signature);
        }
    }

    [GeneratedRegex("Signature=([0-9a-f]+)")]
    private static partial Regex SignatureRegex();
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Benchmarks.SignalR.Support;
using ProgressKit.Streams;

namespace ProgressKit.Benchmarks.SignalR;

/// <summary>
/// Time to deliver a resume 1,000 events behind over SignalR on loopback (issue 20, target under 50 ms): from the
/// <c>Resume(jobId, afterSeq, epoch)</c> call until its reply and every one of the 1,000 missed events have arrived
/// at a connected .NET client, beside today's late join (<c>Subscribe</c>: the snapshot with the streams' text) on the
/// same server, in alternating rounds.
/// </summary>
/// <remarks>
/// Each round opens a new connection first (a reconnecting client has one), outside the timing. The job is a finished
/// answer of <c>--events</c> chunks (default 1,200) kept in the default in-memory store; the resume starts
/// <c>--behind</c> (default 1,000, the default <c>MaxReplayEvents</c>) events before its end and must be answered
/// <c>gapless</c> with exactly those events, in order, or the run fails.
/// </remarks>
internal static class SignalRResumeRun
{
    private const string JobId = "resume-job";

    public static async Task RunAsync(string[] args)
    {
        var events = RunArguments.Int(args, "events", 1_200);
        var behind = RunArguments.Int(args, "behind", 1_000);
        var rounds = RunArguments.Int(args, "rounds", 50);
        await using var server = await FanoutServer.StartAsync(bufferCapacity: 100_000, ProgressKitOptions.DefaultMaxConcurrentSendsPerTransport);
        using (var job = server.Publisher.StartJob(JobId))
        {
            for (var i = 0; i < events - 2; i++)
            {
                job.Chunk($"chunk {i:D5} of the streamed answer, about sixty characters. ");
            }

            job.Complete();
        }

        await server.Publisher.FlushAsync(TimeSpan.FromMinutes(1));
        var state = await server.Services.GetRequiredService<IJobStreamStore>().GetStateAsync(JobId)
            ?? throw new InvalidOperationException("The store lost the job.");
        var position = state.Position;
        var afterSeq = position.Sequence - behind;

        var resume = new LatencySamples(rounds);
        var subscribe = new LatencySamples(rounds);
        for (var round = -3; round < rounds; round++)
        {
            var resumeTicks = await ResumeOnceAsync(server.HubUrl, afterSeq, position.Epoch, behind);
            var subscribeTicks = await SubscribeOnceAsync(server.HubUrl);
            if (round >= 0)
            {
                resume.Add(resumeTicks);
                subscribe.Add(subscribeTicks);
            }
        }

        var table = new MarkdownTable("Call", "Rounds", "Delivers", "p50", "p99", "Max");
        table.Add("today's late join: Subscribe (snapshot + streams' text)", subscribe.Count, "snapshot + text",
            Ms(subscribe.Percentile(50)), Ms(subscribe.Percentile(99)), Ms(subscribe.Max()));
        table.Add($"ProgressKit: Resume {behind:N0} behind (reply + every missed event)", resume.Count, $"{behind:N0} events",
            Ms(resume.Percentile(50)), Ms(resume.Percentile(99)), Ms(resume.Max()));
        Console.WriteLine(table);
        Console.WriteLine($"// job: {events:N0} events ({position}), resume after seq {afterSeq:N0}; loopback WebSockets, JSON protocol");
    }

    private static async Task<long> ResumeOnceAsync(Uri hubUrl, long afterSeq, string epoch, int behind)
    {
        await using var connection = Connect(hubUrl);
        var received = 0;
        var lastSeq = afterSeq;
        var failure = (string?)null;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("progress", e =>
        {
            var seq = e.GetProperty("seq").GetInt64();
            if (seq != lastSeq + 1)
            {
                failure ??= $"seq {seq} after {lastSeq}";
            }

            lastSeq = seq;
            if (++received == behind)
            {
                all.TrySetResult();
            }
        });
        await connection.StartAsync();

        var start = Stopwatch.GetTimestamp();
        var reply = await connection.InvokeAsync<JsonElement>("Resume", JobId, afterSeq, epoch);
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = Stopwatch.GetTimestamp() - start;

        var outcome = reply.GetProperty("outcome").GetString();
        if (outcome != "gapless" || failure is not null || received != behind)
        {
            throw new InvalidOperationException($"The resume was not gapless: outcome {outcome}, received {received}, {failure}.");
        }

        return elapsed;
    }

    private static async Task<long> SubscribeOnceAsync(Uri hubUrl)
    {
        await using var connection = Connect(hubUrl);
        await connection.StartAsync();
        var start = Stopwatch.GetTimestamp();
        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", JobId);
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (snapshot.ValueKind != JsonValueKind.Object || !snapshot.TryGetProperty("streams", out _))
        {
            throw new InvalidOperationException("Subscribe answered without the snapshot and its streams.");
        }

        return elapsed;
    }

    private static HubConnection Connect(Uri hubUrl) =>
        new HubConnectionBuilder().WithUrl(hubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true).Build();

    private static string Ms(double microseconds) => $"{microseconds / 1000:N2} ms";
}

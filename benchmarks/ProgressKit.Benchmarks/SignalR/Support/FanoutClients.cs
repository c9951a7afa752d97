using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ProgressKit.Benchmarks.SignalR.Support;

/// <summary>Loopback SignalR .NET clients, each subscribed to one job through the hub's <c>Subscribe</c>.</summary>
internal sealed class FanoutClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly List<string> _closedWithError = [];

    /// <summary>Gets how many connections closed before the end (SignalR aborts clients that fall too far behind).</summary>
    public int Closed
    {
        get
        {
            lock (_closedWithError)
            {
                return _closedWithError.Count;
            }
        }
    }

    public static async Task<FanoutClients> ConnectAsync(Uri hubUrl, int clients, string[] jobIds, DeliveryRecorder recorder)
    {
        var result = new FanoutClients();
        const int Batch = 50;
        for (var first = 0; first < clients; first += Batch)
        {
            var batch = Enumerable.Range(first, Math.Min(Batch, clients - first)).Select(async i =>
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(hubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                    .Build();
                connection.On<Probe>("progress", probe => recorder.Received(JobIndex(probe.GetJobId()), probe.Seq, FanoutServer.Now()));
                connection.Closed += error =>
                {
                    lock (result._closedWithError)
                    {
                        result._closedWithError.Add(error?.Message ?? "closed");
                    }

                    return Task.CompletedTask;
                };
                await connection.StartAsync();
                await connection.InvokeAsync<object?>("Subscribe", jobIds[i % jobIds.Length]);
                return connection;
            });
            result._connections.AddRange(await Task.WhenAll(batch));
        }

        return result;
    }

    public static int JobIndex(string jobId) => int.Parse(jobId.AsSpan(JobPrefix.Length), provider: System.Globalization.CultureInfo.InvariantCulture);

    public const string JobPrefix = "fanout-";

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Binds only what the measurement needs from either payload: ProgressKit's wire format (job_id) or the
    /// hand-rolled event as SignalR's default JSON writes it (jobId); both carry seq. Both are parsed the same way.
    /// </summary>
    private sealed class Probe
    {
        [JsonPropertyName("job_id")]
        public string? WireJobId { get; set; }

        [JsonPropertyName("jobId")]
        public string? RawJobId { get; set; }

        [JsonPropertyName("seq")]
        public long Seq { get; set; }

        // A method, not a property: the client binds case-insensitively, and a JobId property would collide with jobId.
        public string GetJobId() => WireJobId ?? RawJobId!;
    }
}

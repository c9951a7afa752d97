using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports;

namespace ProgressKit.Samples.BrowserTests.StandIn;

public sealed class StandInTransport(IHubContext<StandInHub> hub) : IProgressTransport
{
    public string Name => "stand-in";

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken) =>
        await hub.Clients.Group(progressEvent.JobId).SendAsync("progress", JsonSerializer.SerializeToElement(progressEvent, ProgressEventSerializer.EventTypeInfo), cancellationToken);
}

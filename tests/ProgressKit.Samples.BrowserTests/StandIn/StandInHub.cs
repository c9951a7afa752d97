using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Jobs;
using ProgressKit.Serialization;
using ProgressKit.State;

namespace ProgressKit.Samples.BrowserTests.StandIn;

/// <summary>Throwaway stand-in for the SignalR sample's hub, until the real sample lands.</summary>
public sealed class StandInHub(IJobStateStore store, IJobCancellation cancellation) : Hub
{
    public async Task<JsonElement?> Subscribe(string jobId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, jobId);
        var snapshot = await store.GetAsync(jobId);
        return snapshot is null ? null : JsonSerializer.SerializeToElement(snapshot, ProgressEventSerializer.EventTypeInfo);
    }

    public Task Unsubscribe(string jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, jobId);

    public Task SubscribeToMyJobs() => Task.CompletedTask;

    public void CancelJob(string jobId) => cancellation.TryRequestCancellation(jobId);
}

using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.Diagnostics;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR;

public sealed partial class ProgressHub
{
    private const string ResumesItemKey = "ProgressKit.Resumes";

    /// <summary>
    /// Resumes a job from the client's last event: joins the job's group, sends on <see cref="ClientMethod"/> every
    /// event the client lacks (when the store still holds them all), then the live events, with no gap and no
    /// duplicate between the two, and returns the <c>resumed</c> reply (see <c>docs/wire-format.md</c>, "Resume by position").
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="afterSeq">The <c>seq</c> of the client's last event: an integer from 0 to 2^53 (0: it has none).</param>
    /// <param name="epoch">The <c>epoch</c> of the client's last event (16 lowercase hex digits), or <see langword="null"/> for the job's current epoch.</param>
    /// <returns>
    /// The <c>resumed</c> reply. Replayed and live events sent during the call reach the client before this result;
    /// clients hold the job's events while the call is pending and apply them after the reply.
    /// </returns>
    /// <exception cref="HubException">
    /// <c>invalid_job_id</c>, <c>invalid_cursor</c> (a malformed <paramref name="afterSeq"/> or <paramref name="epoch"/>),
    /// <c>unauthenticated</c>, <c>forbidden</c>, <c>job_not_found</c> (as <see cref="Subscribe"/>), or <c>internal_error</c>
    /// (the store could not be read; retry). A refused call changes nothing and the connection stays usable.
    /// </exception>
    public async Task<JsonElement> Resume(string jobId, JsonElement afterSeq, JsonElement epoch)
    {
        ThrowIfInvalid(nameof(Resume), jobId);
        var cursor = ParseCursor(jobId, afterSeq, epoch);
        var snapshot = await AuthorizeJobAsync(nameof(Resume), jobId, ProgressHubOperation.Subscribe).ConfigureAwait(false);

        // Hold the job's live events for this connection before it joins the group, so that each of them either is
        // in the store when the store is read below, or is held and released after the replay.
        var resume = _services.Resumes.Open(jobId, Context.ConnectionId);
        RememberResume(resume);
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ProgressHubGroups.ForJob(jobId), Context.ConnectionAborted).ConfigureAwait(false);
            var result = await ReadForResumeAsync(jobId, cursor).ConfigureAwait(false);
            if (result.Position is null && snapshot is not null
                && await ReadSnapshotAsync(jobId).ConfigureAwait(false) is { } shared)
            {
                // This node's stream store knows nothing of a job the snapshot store (shared with other nodes) knows:
                // never answer "nothing known" then. Read again after joining, as Subscribe does, so that nothing
                // sent before the join is newer than the snapshot; the client replaces its state with it.
                snapshot = shared;
                var position = new JobStreamPosition(snapshot.Epoch ?? string.Empty, snapshot.Sequence, snapshot.KeptSequence ?? 0);
                result = new JobResumeResult(ResumeOutcome.Truncated, position, [], new JobStreamState(snapshot, position, EmptyStreams));
            }

            // Started one after another without waiting for each: SignalR writes a connection's messages in the order
            // their writes started, and the shorter the replay, the fewer live events are held meanwhile.
            await Task.WhenAll(result.Events.Select(SendToCallerAsync)).ConfigureAwait(false);

            // Releases only what was held when the replay was sent, so the reply never waits for the job to stop.
            var released = await _services.Resumes.ReleaseAsync(resume, result.Position?.Epoch, result.Position?.Sequence ?? 0, SendToCallerAsync).ConfigureAwait(false);
            var reply = ResumedReply.From(jobId, result);
            Log.Resumed(_services.Logger, jobId, Context.ConnectionId, reply.Outcome, reply.Replay, released);
            return ToJson(ProgressEventSerializer.SerializeToUtf8Bytes(reply));
        }
        finally
        {
            // A resume that failed before its replay was sent holds nothing for the client any more; one that
            // succeeded keeps filtering until the transport's sends pass what the client was sent.
            _services.Resumes.CloseIfHolding(resume);
        }
    }

    /// <summary>Ends this connection's resumes when it closes.</summary>
    /// <param name="exception">Why the connection closed, if it failed.</param>
    /// <returns>A task that completes when the connection is cleaned up.</returns>
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(ResumesItemKey, out var value) && value is List<Sending.PendingResume> resumes)
        {
            lock (resumes)
            {
                foreach (var resume in resumes)
                {
                    _services.Resumes.Close(resume);
                }

                resumes.Clear();
            }
        }

        return base.OnDisconnectedAsync(exception);
    }

    private void RememberResume(Sending.PendingResume resume)
    {
        if (!Context.Items.TryGetValue(ResumesItemKey, out var value) || value is not List<Sending.PendingResume> resumes)
        {
            resumes = [];
            Context.Items[ResumesItemKey] = resumes;
        }

        lock (resumes)
        {
            // Closed resumes are dropped here, so that a connection that resumes often keeps a short list.
            resumes.RemoveAll(_services.Resumes.IsClosed);
            resumes.Add(resume);
        }
    }

    private JobStreamCursor? ParseCursor(string jobId, JsonElement afterSeq, JsonElement epoch)
    {
        var epochText = epoch.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => epoch.GetString(),
            _ => string.Empty,
        };
        if (afterSeq.ValueKind == JsonValueKind.Number
            && afterSeq.TryGetInt64(out var sequence)
            && epochText is not { Length: 0 }
            && JobStreamCursor.TryCreate(sequence, epochText, out var cursor))
        {
            return cursor;
        }

        Log.CallRefused(_services.Logger, nameof(Resume), jobId, Context.ConnectionId, ControlErrorCodes.InvalidCursor);
        throw HubErrors.Create(ControlErrorCodes.InvalidCursor,
            $"afterSeq must be an integer from 0 to 2^53 (got {afterSeq.GetRawText()}) and epoch null or 16 lowercase hex digits (got {epoch.GetRawText()}).");
    }

    private async Task<JobResumeResult> ReadForResumeAsync(string jobId, JobStreamCursor? cursor)
    {
        try
        {
            return await _services.Streams.ReadAsync(jobId, cursor, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ResumeFailed(_services.Logger, jobId, Context.ConnectionId, exception);
            throw HubErrors.Create(ControlErrorCodes.InternalError, "The job's stream could not be read; try again.");
        }
    }

    private static JsonElement ToJson(byte[] utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        return document.RootElement.Clone();
    }

    private Task SendToCallerAsync(ProgressEvent progressEvent) =>
        Clients.Caller.SendAsync(ClientMethod, new PreSerializedJson(ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent), progressEvent), Context.ConnectionAborted);
}

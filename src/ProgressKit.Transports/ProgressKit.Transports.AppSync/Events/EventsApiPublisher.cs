using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.AppSync.Diagnostics;

namespace ProgressKit.Transports.AppSync.Events;

/// <summary>
/// Publishes events to the AppSync Events API: <c>POST /event</c> with <c>{"channel", "events": ["&lt;JSON&gt;", ...]}</c>,
/// batched per channel by <see cref="EventsBatcher"/>, and completes each caller from the answer's per-event lists.
/// </summary>
internal sealed class EventsApiPublisher : IAppSyncPublisher
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AppSyncHttpSender _sender;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _requestTimeout;
    private readonly string _channelTemplate;
    private readonly int _maxEventBytes;
    private readonly EventsBatcher _batcher;

    /// <summary>Initializes a new instance of the <see cref="EventsApiPublisher"/> class.</summary>
    /// <param name="sender">Sends the requests.</param>
    /// <param name="options">The transport options.</param>
    /// <param name="timeProvider">The clock for batch windows and request timeouts.</param>
    /// <param name="requestTimeout">The longest a request may take: the dispatcher's attempt timeout, since no caller waits longer.</param>
    /// <param name="logger">The logger.</param>
    public EventsApiPublisher(AppSyncHttpSender sender, AppSyncTransportOptions options, TimeProvider timeProvider, TimeSpan requestTimeout, ILogger logger)
    {
        _sender = sender;
        _logger = logger;
        _timeProvider = timeProvider;
        _requestTimeout = requestTimeout;
        _channelTemplate = options.Events.ChannelTemplate;
        _maxEventBytes = options.MaxEventBytes;
        _batcher = new EventsBatcher(options.Events, timeProvider, SendBatchAsync);
    }

    public async ValueTask PublishAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = ProgressEventSizeLimiter.Fit(progressEvent, _maxEventBytes, out var fitted);
        if (!ReferenceEquals(fitted, progressEvent))
        {
            Log.EventTruncated(_logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId, _maxEventBytes,
                string.Join(", ", fitted.Truncated ?? []));
        }

        var channel = AppSyncEventsChannel.Format(_channelTemplate, progressEvent.JobId, progressEvent.UserId, progressEvent.TenantId);
        var pending = new PendingEvent(fitted, json, channel);
        using var registration = cancellationToken.Register(static (state, token) => ((PendingEvent)state!).Cancel(token), pending);
        _batcher.Enqueue(pending);
        await pending.Completion.ConfigureAwait(false);
    }

    /// <summary>Writes a publish request body.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="events">The events' wire-format JSON.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    internal static byte[] WriteBody(string channel, IReadOnlyList<PendingEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + events.Sum(static e => e.Json.Length + (e.Json.Length / 4)));
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("channel"u8, channel);
            writer.WriteStartArray("events"u8);
            foreach (var pending in events)
            {
                // Each event is a JSON value serialized to a string, as the Events API requires.
                writer.WriteStringValue(pending.Json);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task SendBatchAsync(string channel, IReadOnlyList<PendingEvent> batch)
    {
        int status;
        byte[] answer;
        using (var timeout = new CancellationTokenSource(_requestTimeout, _timeProvider))
        {
            try
            {
                (status, answer) = await _sender.PostAsync(WriteBody(channel, batch), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FailAll(batch, ex is TransportException
                    ? ex
                    : new TransportException($"Publishing to AppSync Events channel {channel} failed: {ex.Message}", TransportFailureKind.Transient, ex));
                return;
            }
        }

        if (AppSyncErrorReader.GetFailure(status, status is >= 200 and < 300 ? [] : answer) is { } failure)
        {
            FailAll(batch, new TransportException($"AppSync Events answered {status} for channel {channel}: {failure.Description}", failure.Kind, null, status));
            return;
        }

        var results = EventsResponseReader.Read(answer, batch.Count);
        var failed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is not { } eventFailure)
            {
                batch[i].Succeed();
                continue;
            }

            failed++;
            var progressEvent = batch[i].Event;
            Log.EventsEventFailed(_logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId, channel, eventFailure.ErrorCode, eventFailure.ErrorMessage);
            batch[i].Fail(new TransportException(
                $"AppSync Events did not accept the event on channel {channel}: {eventFailure.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"} {eventFailure.ErrorMessage}".TrimEnd(),
                eventFailure.Kind,
                null,
                eventFailure.ErrorCode));
        }

        Log.EventsBatchPublished(_logger, batch.Count, channel, batch.Count - failed, failed);
    }

    private static void FailAll(IReadOnlyList<PendingEvent> batch, Exception exception)
    {
        foreach (var pending in batch)
        {
            pending.Fail(exception);
        }
    }
}

using System.Diagnostics;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Resilience;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

internal sealed partial class LaneSender
{
    private Activity? StartActivity(ProgressEvent progressEvent)
    {
        var activity = ProgressKitActivitySource.Instance.StartActivity("progresskit.send", ActivityKind.Producer);
        activity?.SetTag("progresskit.transport", Name);
        activity?.SetTag("progresskit.job_id", progressEvent.JobId);
        activity?.SetTag("progresskit.event_type", progressEvent.Type.ToWireName());
        activity?.SetTag("progresskit.seq", progressEvent.Sequence);
        return activity;
    }

    private void DeadLetter(ProgressEvent progressEvent, Exception exception, TransportFailureKind kind)
    {
        _metrics.Failed(Name, TransportFailureClassifier.ToTag(kind));
        Log.DeliveryFailed(_logger, Name, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId,
            progressEvent.CorrelationId, TransportFailureClassifier.ToTag(kind), exception);
        if (_onDeadLetter is null)
        {
            return;
        }

        try
        {
            _onDeadLetter(new DeadLetter(progressEvent, Name, exception));
        }
        catch (Exception callbackFailure)
        {
            Log.DeadLetterCallbackFailed(_logger, callbackFailure);
        }
    }
}

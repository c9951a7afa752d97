namespace ProgressKit.Transports;

/// <summary>The one exception type transports throw to report a failed send, with how to treat it.</summary>
public sealed class TransportException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TransportException"/> class.</summary>
    public TransportException()
        : this("The transport failed to deliver the event.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TransportException"/> class for a transient failure.</summary>
    /// <param name="message">What failed; must not contain credentials.</param>
    public TransportException(string message)
        : this(message, TransportFailureKind.Transient)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TransportException"/> class for a transient failure.</summary>
    /// <param name="message">What failed; must not contain credentials.</param>
    /// <param name="innerException">The underlying exception.</param>
    public TransportException(string message, Exception? innerException)
        : this(message, TransportFailureKind.Transient, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TransportException"/> class.</summary>
    /// <param name="message">What failed; must not contain credentials.</param>
    /// <param name="kind">How the dispatcher should treat the failure.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    /// <param name="statusCode">The service's status code (for example an HTTP status), if any.</param>
    public TransportException(string message, TransportFailureKind kind, Exception? innerException = null, int? statusCode = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>Gets how the dispatcher treats the failure.</summary>
    public TransportFailureKind Kind { get; }

    /// <summary>Gets a value indicating whether the send may succeed if retried.</summary>
    public bool IsTransient => Kind == TransportFailureKind.Transient;

    /// <summary>Gets the service's status code (for example an HTTP status), if any.</summary>
    public int? StatusCode { get; }
}

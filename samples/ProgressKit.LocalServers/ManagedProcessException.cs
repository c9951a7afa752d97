namespace ProgressKit.LocalServers;

/// <summary>A child process failed to start, exited before it was ready, or was not ready in time.</summary>
public sealed class ManagedProcessException : Exception
{
    /// <summary>Initializes a new instance with a message, the process's recent output, and whether its port was taken.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="output">The process's recent output.</param>
    /// <param name="isPortInUse">Whether the output says that a port was already in use.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ManagedProcessException(string message, string output, bool isPortInUse, Exception? innerException = null)
        : base(string.IsNullOrEmpty(output) ? message + " (no output)" : message + Environment.NewLine + "Recent output:" + Environment.NewLine + output, innerException)
    {
        Output = output;
        IsPortInUse = isPortInUse;
    }

    /// <summary>Initializes a new instance.</summary>
    public ManagedProcessException()
        : this("The process failed.", string.Empty, isPortInUse: false)
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ManagedProcessException(string message)
        : this(message, string.Empty, isPortInUse: false)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ManagedProcessException(string message, Exception innerException)
        : this(message, string.Empty, isPortInUse: false, innerException)
    {
    }

    /// <summary>Gets the process's recent output (standard output and error), empty when there was none.</summary>
    public string Output { get; }

    /// <summary>Gets a value indicating whether the output says that the port was already in use, so a retry on another port may succeed.</summary>
    public bool IsPortInUse { get; }
}

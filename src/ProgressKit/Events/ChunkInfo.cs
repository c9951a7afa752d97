namespace ProgressKit.Events;

/// <summary>The <c>chunk</c> object of a <c>chunk</c> event: one piece of streamed output.</summary>
public sealed class ChunkInfo
{
    /// <summary>Initializes a new instance; set its required members with an object initializer.</summary>
    public ChunkInfo()
    {
    }

    /// <summary>Gets the name of the stream the chunk belongs to; <c>output</c> unless the caller names another.</summary>
    public required string Stream { get; init; }

    /// <summary>Gets the chunk's position in its stream, from 0, so that a client can order and de-duplicate chunks.</summary>
    public required long Index { get; init; }

    /// <summary>Gets the text of the chunk.</summary>
    public required string Text { get; init; }
}

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>How many log events one write evicted from a job's item, by reason; counted once the write is stored.</summary>
internal struct ItemEvictions
{
    public int JobEvents;
    public int JobBytes;
    public int ItemSize;
    public int Discontinuity;
}

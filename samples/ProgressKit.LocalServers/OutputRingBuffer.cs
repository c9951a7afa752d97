namespace ProgressKit.LocalServers;

/// <summary>Keeps the last N lines of a process's output, so failures can quote it without unbounded memory.</summary>
internal sealed class OutputRingBuffer(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count >= Math.Max(1, capacity))
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }
}

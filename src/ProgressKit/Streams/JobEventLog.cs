using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>
/// One job's retained events, oldest first, with contiguous sequences (a gap starts the log afresh): a ring of
/// references with each event's estimated size beside it.
/// </summary>
/// <remarks>
/// <para>Every member is used only under the owning store's lock.</para>
/// <para>A ring rather than linked entries because appending is on every publish: it writes one reference (one GC
/// write barrier) into memory next to the last one, where a linked entry costs an object or a recycled one far away in
/// memory, and some ten reference writes to link and unlink it. The ring grows by doubling and halves when a quarter
/// full, so it holds at most four slots per retained event besides a small minimum.</para>
/// </remarks>
internal sealed class JobEventLog
{
    private const int MinimumCapacity = 4;

    private ProgressEvent?[] _events = [];
    private int[] _bytes = [];
    private int _head;

    /// <summary>Gets how many events the log holds.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the estimated memory of the events the log holds.</summary>
    public long Bytes { get; private set; }

    /// <summary>Gets how many slots the ring has (tests check it shrinks).</summary>
    internal int Capacity => _events.Length;

    public void AddLast(ProgressEvent progressEvent, int bytes)
    {
        if (Count == _events.Length)
        {
            Resize(Math.Max(MinimumCapacity, 2 * _events.Length));
        }

        var slot = Slot(Count);
        _events[slot] = progressEvent;
        _bytes[slot] = bytes;
        Count++;
        Bytes += bytes;
    }

    /// <summary>Removes the oldest event; returns its estimated size.</summary>
    public int RemoveFirst()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The log is empty.");
        }

        var bytes = _bytes[_head];
        _events[_head] = null;
        _head = Slot(1);
        Count--;
        Bytes -= bytes;
        if (Count == 0)
        {
            _head = 0;
        }

        if (_events.Length > MinimumCapacity && Count <= _events.Length / 4)
        {
            Resize(_events.Length / 2);
        }

        return bytes;
    }

    /// <summary>Drops every event and the ring itself: a released job keeps no memory for a log, and a new epoch's
    /// log grows afresh.</summary>
    public void Release()
    {
        _events = [];
        _bytes = [];
        _head = 0;
        Count = 0;
        Bytes = 0;
    }

    /// <summary>Copies the newest <paramref name="count"/> events, oldest first; O(count).</summary>
    public ProgressEvent[] CopyLast(int count)
    {
        var events = new ProgressEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = _events[Slot(Count - count + i)]!;
        }

        return events;
    }

    private int Slot(int offset)
    {
        var slot = _head + offset;
        return slot < _events.Length ? slot : slot - _events.Length;
    }

    private void Resize(int capacity)
    {
        var events = new ProgressEvent?[capacity];
        var bytes = new int[capacity];
        for (var i = 0; i < Count; i++)
        {
            events[i] = _events[Slot(i)];
            bytes[i] = _bytes[Slot(i)];
        }

        _events = events;
        _bytes = bytes;
        _head = 0;
    }
}

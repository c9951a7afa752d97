namespace ProgressKit.Streams;

/// <summary>Jobs in the order their deadlines fall (a constant lifetime added to the time each was appended), so expiry and the job bound take the head in O(1).</summary>
/// <remarks>Every member is used only under the owning store's lock.</remarks>
internal sealed class JobList
{
    private JobStream? _tail;

    public JobStream? Head { get; private set; }

    /// <summary>Whether <paramref name="job"/> is this list's newest (its tail), where an append would put it anyway.</summary>
    /// <remarks>The deadline order holds without moving it: its new deadline is its newest append plus the same lifetime.</remarks>
    public bool IsNewest(JobStream job) => ReferenceEquals(_tail, job);

    public void AddLast(JobStream job)
    {
        job.List = this;
        job.ListPrevious = _tail;
        job.ListNext = null;
        if (_tail is null)
        {
            Head = job;
        }
        else
        {
            _tail.ListNext = job;
        }

        _tail = job;
    }

    public void Remove(JobStream job)
    {
        if (job.List != this)
        {
            return;
        }

        if (job.ListPrevious is null)
        {
            Head = job.ListNext;
        }
        else
        {
            job.ListPrevious.ListNext = job.ListNext;
        }

        if (job.ListNext is null)
        {
            _tail = job.ListPrevious;
        }
        else
        {
            job.ListNext.ListPrevious = job.ListPrevious;
        }

        job.List = null;
        job.ListPrevious = null;
        job.ListNext = null;
    }
}

namespace ProgressKit.Transports.SignalR;

/// <summary>What a hub caller asks to do with a job; lets an <see cref="IProgressAccessPolicy"/> allow watching but not cancelling.</summary>
public enum ProgressHubOperation
{
    /// <summary>Receive the job's events (<see cref="ProgressHub.Subscribe"/>).</summary>
    Subscribe,

    /// <summary>Read the job's newest snapshot (<see cref="ProgressHub.RequestStatus"/>).</summary>
    RequestStatus,

    /// <summary>Cancel the job (<see cref="ProgressHub.CancelJob"/>).</summary>
    Cancel,
}

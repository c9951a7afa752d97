using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events.Control;

namespace ProgressKit.Transports.SignalR;

/// <summary>
/// Builds the <see cref="HubException"/>s the hub refuses calls with. Their message, the only part SignalR passes to
/// the client, starts with a stable code from <see cref="ControlErrorCodes"/> and a colon, so clients can branch on it.
/// </summary>
internal static class HubErrors
{
    public static HubException Create(string code, string message) => new($"{code}: {message}");

    public static HubException InvalidJobId(string? jobId) => Create(ControlErrorCodes.InvalidJobId, Events.JobId.Describe(jobId));

    public static HubException JobNotFound(string jobId) =>
        Create(ControlErrorCodes.JobNotFound, $"No job '{jobId}' is known here (it has not published yet, or its snapshot expired).");

    public static HubException Forbidden(string jobId) => Create(ControlErrorCodes.Forbidden, $"You may not access job '{jobId}'.");

    public static HubException Unauthenticated(string what) =>
        Create(ControlErrorCodes.Unauthenticated, $"{what} needs a signed-in caller; anonymous access to the progress hub is off.");
}

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>The progress hub and the SignalR transport over real sockets: Kestrel on 127.0.0.1 and the SignalR .NET client.</summary>
public partial class ProgressHubTests;

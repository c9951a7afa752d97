namespace ProgressKit.Transports.AppSync.Events;

/// <summary>Why AppSync did not accept one event of a publish request.</summary>
/// <param name="Kind">How the dispatcher should treat it.</param>
/// <param name="ErrorCode">AppSync's <c>errorCode</c>, if given.</param>
/// <param name="ErrorMessage">AppSync's <c>errorMessage</c>, if given.</param>
internal sealed record EventFailure(TransportFailureKind Kind, int? ErrorCode, string? ErrorMessage);

namespace ProgressKit.Samples.Shared.Http;

/// <summary>The JSON body of every error answer of the job endpoints: <c>{"error": "code", "message": "..."}</c>.</summary>
/// <param name="Error">A stable, machine-readable code (see <see cref="ApiErrorCodes"/>).</param>
/// <param name="Message">What went wrong and how to fix it.</param>
internal sealed record ApiError(string Error, string Message);

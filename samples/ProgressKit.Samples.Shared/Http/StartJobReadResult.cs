using Microsoft.AspNetCore.Http;
using ProgressKit.Samples.Shared.Pipeline;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>What <see cref="StartJobRequestReader"/> read: the settings, or an error and its status code.</summary>
/// <param name="Settings">The job's settings, when the body was valid.</param>
/// <param name="Error">The error, when it was not.</param>
/// <param name="StatusCode">The status code of the error answer.</param>
internal sealed record StartJobReadResult(SimulatedJobSettings? Settings, ApiError? Error, int StatusCode = StatusCodes.Status200OK);

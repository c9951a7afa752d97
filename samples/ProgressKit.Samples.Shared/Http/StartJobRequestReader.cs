using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProgressKit.Samples.Shared.Pipeline;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>Reads the optional body of <c>POST /jobs</c> into <see cref="SimulatedJobSettings"/>, or a clear error.</summary>
/// <remarks>
/// The Content-Type is not checked on purpose: <c>curl -d '{"fail":true}'</c> sends a form content type, and a
/// sample should accept it. An empty body (or <c>null</c>, or <c>{}</c>) means the defaults.
/// </remarks>
internal static class StartJobRequestReader
{
    private const string Shape =
        "The body of POST /jobs must be empty or a JSON object with the optional fields \"fail\" (true or false) and " +
        "\"duration_seconds\" (a number from 1 to 3600), for example {\"fail\": true, \"duration_seconds\": 5}.";

    public static async Task<StartJobReadResult> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = SampleJobEndpoints.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge();
        }

        var body = await ReadUpToAsync(request.Body, limit + 1, cancellationToken).ConfigureAwait(false);
        if (body.Length > limit)
        {
            return TooLarge();
        }

        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new StartJobReadResult(SimulatedJobSettings.Default, null);
        }

        StartJobRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, SampleHttpJsonContext.Default.StartJobRequest);
        }
        catch (JsonException ex)
        {
            return Invalid($"{Shape} {ex.Message}");
        }

        if (parsed?.DurationSeconds is { } seconds &&
            (!double.IsFinite(seconds) || seconds < SampleJobEndpoints.MinDurationSeconds || seconds > SampleJobEndpoints.MaxDurationSeconds))
        {
            return Invalid($"\"duration_seconds\" must be a number from {SampleJobEndpoints.MinDurationSeconds} to {SampleJobEndpoints.MaxDurationSeconds} (got {seconds}).");
        }

        return new StartJobReadResult(
            new SimulatedJobSettings
            {
                Fail = parsed?.Fail ?? false,
                Duration = parsed?.DurationSeconds is { } d ? TimeSpan.FromSeconds(d) : SimulatedJobSettings.DefaultDuration,
            },
            null);
    }

    private static StartJobReadResult Invalid(string message) =>
        new(null, new ApiError(ApiErrorCodes.InvalidRequest, message), StatusCodes.Status400BadRequest);

    private static StartJobReadResult TooLarge() =>
        new(null, new ApiError(ApiErrorCodes.RequestTooLarge, $"The body of POST /jobs may be at most {SampleJobEndpoints.MaxRequestBodyBytes} bytes."),
            StatusCodes.Status413PayloadTooLarge);

    private static async Task<byte[]> ReadUpToAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = 0;
            int read;
            while (length < max && (read = await body.ReadAsync(buffer.AsMemory(length, max - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

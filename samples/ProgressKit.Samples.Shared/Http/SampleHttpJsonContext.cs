using System.Text.Json.Serialization;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>Source-generated (reflection-free) JSON metadata for the job endpoints' bodies, in snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StartJobRequest))]
[JsonSerializable(typeof(StartJobResponse))]
[JsonSerializable(typeof(CancelJobResponse))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class SampleHttpJsonContext : JsonSerializerContext;

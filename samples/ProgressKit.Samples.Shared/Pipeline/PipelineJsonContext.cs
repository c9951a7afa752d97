using System.Text.Json.Serialization;

namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>Source-generated (reflection-free) JSON metadata for the pipeline's results, in the wire format's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SimulatedJobResults))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;

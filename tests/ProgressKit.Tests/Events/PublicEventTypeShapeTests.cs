using System.Reflection;
using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Events;

/// <summary>
/// The wire types are sealed classes, not records: a record's compiler-generated members (<c>with</c> cloning, value
/// equality over every field, <c>Deconstruct</c>, <c>PrintMembers</c>) would become a contract on the first release,
/// and adding a field would break it.
/// </summary>
public sealed class PublicEventTypeShapeTests
{
    public static TheoryData<Type> WireTypes() => new()
    {
        typeof(ProgressEvent), typeof(AgentInfo), typeof(ChunkInfo), typeof(ErrorInfo),
        typeof(ErrorReply), typeof(StatusReply), typeof(SubscribedReply), typeof(ResumedReply), typeof(JobStreamText),
    };

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void WireType_IsASealedClassWithoutRecordMembers(Type type)
    {
        type.IsSealed.Should().BeTrue();
        type.IsValueType.Should().BeFalse();
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        type.GetMethods(All).Select(m => m.Name).Should().NotContain(["<Clone>$", "PrintMembers", "Deconstruct", "op_Equality"]);
        type.GetProperty("EqualityContract", All).Should().BeNull();
        type.GetMethod(nameof(Equals), [typeof(object)])!.DeclaringType.Should().Be<object>("equality is by reference");
    }

    [Fact]
    public void CopyConstructor_CopiesEveryProperty()
    {
        using var results = JsonDocument.Parse("""{"answer":42}""");
        var original = new ProgressEvent
        {
            Version = 7,
            Type = ProgressEventType.JobFailed,
            JobId = "job-1",
            Epoch = "019ae3f2c4e17f3a",
            Sequence = 9,
            KeptSequence = 4,
            Timestamp = DateTimeOffset.UnixEpoch.AddDays(1),
            Status = JobStatus.Failed,
            Progress = 55,
            Stage = "stage",
            StageProgress = 12,
            Message = "message",
            EstimatedSecondsRemaining = 3,
            Agent = new AgentInfo { Name = "agent", Status = AgentStatus.CallingTool, Tool = "tool", Confidence = 0.5 },
            Chunk = new ChunkInfo { Stream = "output", Index = 2, Text = "text" },
            Results = results.RootElement.Clone(),
            Error = new ErrorInfo { Code = "code", Message = "error" },
            UserId = "user",
            TenantId = "tenant",
            CorrelationId = "correlation",
            Source = "source",
            Metadata = new Dictionary<string, string> { ["k"] = "v" },
            Truncated = ["message"],
        };
        var settable = typeof(ProgressEvent).GetProperties().Where(p => p.CanWrite).ToList();
        settable.Should().OnlyContain(p => !IsDefault(p.GetValue(original)), "the original sets every property, so that a forgotten copy shows");

        var copy = new ProgressEvent(original);

        copy.Should().NotBeSameAs(original);
        foreach (var property in settable)
        {
            property.GetValue(copy).Should().BeEquivalentTo(property.GetValue(original), property.Name);
        }

        ProgressEventSerializer.Serialize(copy).Should().Be(ProgressEventSerializer.Serialize(original));
    }

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        int i => i == 0,
        long l => l == 0,
        double d => d == 0,
        DateTimeOffset t => t == default,
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
        _ => false,
    };
}

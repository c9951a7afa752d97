using System.Text;
using ProgressKit.Transports.AppSync.Events;

namespace ProgressKit.Transports.AppSync.Tests.Events;

public sealed class EventsResponseReaderTests
{
    [Fact]
    public void Read_DocumentedPartialFailure_ReportsEachEvent()
    {
        var body = """{"failed":[{"identifier":"b","index":1,"errorCode":400,"errorMessage":"bad"},{"identifier":"c","index":2,"errorCode":500,"errorMessage":"oops"}],"successful":[{"identifier":"a","index":0}]}""";

        var results = EventsResponseReader.Read(Encoding.UTF8.GetBytes(body), 3);

        results[0].Should().BeNull();
        results[1].Should().Be(new EventFailure(TransportFailureKind.Permanent, 400, "bad"));
        results[2].Should().Be(new EventFailure(TransportFailureKind.Transient, 500, "oops"));
    }

    [Fact]
    public void Read_EventListedNowhere_IsTransient()
    {
        var results = EventsResponseReader.Read("""{"failed":[],"successful":[{"identifier":"a","index":0}]}"""u8, 2);

        results[1]!.Kind.Should().Be(TransportFailureKind.Transient);
    }

    [Fact]
    public void Read_FailedWithoutCode_IsTransientUnlessUnauthorized()
    {
        var results = EventsResponseReader.Read("""{"failed":[{"identifier":"a","index":0},{"identifier":"b","index":1,"errorMessage":"Not Authorized to publish"}],"successful":[]}"""u8, 2);

        results[0]!.Kind.Should().Be(TransportFailureKind.Transient);
        results[1]!.Kind.Should().Be(TransportFailureKind.Configuration);
    }

    [Fact]
    public void Read_NotAppSyncShape_CountsAsAccepted() =>
        EventsResponseReader.Read("ok"u8, 2).Should().AllSatisfy(r => r.Should().BeNull());
}

using System.Text;

namespace ProgressKit.Transports.AppSync.Tests;

/// <summary>The answers below were recorded from the AppSync simulator or copied from AWS's documented error shapes.</summary>
public sealed class AppSyncErrorReaderTests
{
    [Fact]
    public void GetFailure_SuccessWithData_IsNull() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"data":{"publishProgress":{"job_id":"j"}}}""")).Should().BeNull();

    [Fact]
    public void GetFailure_WrongApiKey401_IsConfiguration()
    {
        var failure = AppSyncErrorReader.GetFailure(401, Bytes("""{"errors":[{"errorType":"UnauthorizedException","message":"UnauthorizedException: Invalid API key"}]}"""));

        failure!.Value.Kind.Should().Be(TransportFailureKind.Configuration);
        failure.Value.Description.Should().Contain("Invalid API key");
    }

    [Fact]
    public void GetFailure_FieldNotAuthorizedIn200_IsConfiguration() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"data":{"publishProgress":null},"errors":[{"errorType":"Unauthorized","message":"Not Authorized to access publishProgress on type Mutation"}]}"""))!
            .Value.Kind.Should().Be(TransportFailureKind.Configuration);

    [Fact]
    public void GetFailure_SchemaLacksTheMutationIn200_IsConfiguration() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"errors":[{"message":"Cannot query field \"publishProgress\" on type \"Mutation\"."}],"data":null}"""))!
            .Value.Kind.Should().Be(TransportFailureKind.Configuration);

    [Fact]
    public void GetFailure_InvalidValueIn200_IsPermanent() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"data":null,"errors":[{"message":"Variable \"$event\" got invalid value \"x\" at \"event.timestamp\"; Expected type \"AWSDateTime\"."}]}"""))!
            .Value.Kind.Should().Be(TransportFailureKind.Permanent);

    [Fact]
    public void GetFailure_ThrottledIn200_IsTransient() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"data":null,"errors":[{"errorType":"ThrottlingException","message":"Rate exceeded"}]}"""))!
            .Value.Kind.Should().Be(TransportFailureKind.Transient);

    [Fact]
    public void GetFailure_SyntaxErrorMessageIn200_IsConfiguration() =>
        AppSyncErrorReader.GetFailure(200, Bytes("""{"errorMessage":"Syntax Error: Expected Name, found <EOF>."}"""))!
            .Value.Kind.Should().Be(TransportFailureKind.Configuration);

    [Theory]
    [InlineData(403, TransportFailureKind.Configuration)]
    [InlineData(404, TransportFailureKind.Configuration)]
    [InlineData(429, TransportFailureKind.Transient)]
    [InlineData(502, TransportFailureKind.Transient)]
    [InlineData(413, TransportFailureKind.Permanent)]
    public void GetFailure_StatusWithoutErrors_ClassifiedByStatus(int status, TransportFailureKind kind) =>
        AppSyncErrorReader.GetFailure(status, Bytes("<html>nope</html>"))!.Value.Kind.Should().Be(kind);

    [Fact]
    public void Worst_ConfigurationBeatsTransientBeatsPermanent()
    {
        AppSyncFailures.Worst(TransportFailureKind.Permanent, TransportFailureKind.Transient).Should().Be(TransportFailureKind.Transient);
        AppSyncFailures.Worst(TransportFailureKind.Transient, TransportFailureKind.Configuration).Should().Be(TransportFailureKind.Configuration);
        AppSyncFailures.Worst(null, TransportFailureKind.Permanent).Should().Be(TransportFailureKind.Permanent);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}

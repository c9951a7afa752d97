using System.Security.Cryptography;
using System.Text;
using ProgressKit.Transports.AppSync.Events;

namespace ProgressKit.Transports.AppSync.Tests.Events;

public sealed class AppSyncEventsChannelTests
{
    [Theory]
    [InlineData("job-1")]
    [InlineData("ABC-123-def")]
    public void ToSegment_SafeValue_IsUsedAsItIs(string value) => AppSyncEventsChannel.ToSegment(value).Should().Be(value);

    [Theory]
    [InlineData("job_1")]
    [InlineData("order:42.pdf")]
    public void ToSegment_UnsafeValue_BecomesItsHashForm(string value)
    {
        var expected = "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))[..24]);

        var segment = AppSyncEventsChannel.ToSegment(value);

        segment.Should().Be(expected).And.HaveLength(AppSyncEventsChannel.MaxSegmentLength);
        AppSyncEventsChannel.IsValidSegment(segment).Should().BeTrue();
    }

    [Fact]
    public void ToSegment_TooLongValue_BecomesItsHashForm()
    {
        var value = new string('a', 51);

        AppSyncEventsChannel.ToSegment(value).Should().StartWith("h-").And.HaveLength(50);
    }

    [Fact]
    public void Format_FillsEveryPlaceholder_MissingValuesBecomeNone()
    {
        AppSyncEventsChannel.Format("/progress/jobs/{job_id}", "job-1").Should().Be("/progress/jobs/job-1");
        AppSyncEventsChannel.Format("/progress/{tenant_id}/users/{user_id}", "job-1", "u1", null).Should().Be("/progress/none/users/u1");
    }
}

using Microsoft.Extensions.Time.Testing;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

public class JobStreamPositionTests
{
    [Fact]
    public void Position_RoundTripsAsText()
    {
        var position = new JobStreamPosition("019ae3f2c4e17f3a", 57, 40);

        position.ToString().Should().Be("019ae3f2c4e17f3a.57.40");
        JobStreamPosition.TryParse(position.ToString(), out var parsed).Should().BeTrue();
        parsed.Should().Be(position);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("019ae3f2c4e17f3a.57")]
    [InlineData("019AE3F2C4E17F3A.57.40")]
    [InlineData("019ae3f2c4e17f3a.-1.0")]
    [InlineData("019ae3f2c4e17f3a.5.6")]
    [InlineData("019ae3f2c4e17f3a.9007199254740993.0")]
    [InlineData("019ae3f2c4e17f3a.1.0.0")]
    public void Position_MalformedText_IsNotParsed(string? text) =>
        JobStreamPosition.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData(-1, null)]
    [InlineData(9007199254740993, null)]
    [InlineData(1, "019ae3f2c4e17f3")]
    [InlineData(1, "019ae3f2c4e17f3g")]
    [InlineData(1, "019AE3F2C4E17F3A")]
    public void Cursor_Malformed_IsRefused(long afterSequence, string? epoch) =>
        JobStreamCursor.TryCreate(afterSequence, epoch, out _).Should().BeFalse();

    [Fact]
    public void Cursor_Valid_IsCreated()
    {
        JobStreamCursor.TryCreate(JobStreamCursor.MaxSequence, null, out var cursor).Should().BeTrue();

        cursor.AfterSequence.Should().Be(9_007_199_254_740_992);
        cursor.Epoch.Should().BeNull();
    }

    [Fact]
    public void Epoch_Is12HexDigitsOfUnixMillisecondsThen4Random_AndSortsByTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(0x019ae3f2c4e1));

        var first = JobEpoch.New(time);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var later = JobEpoch.New(time);

        first.Should().StartWith("019ae3f2c4e1").And.HaveLength(16);
        JobStreamCursor.IsValidEpoch(first).Should().BeTrue();
        string.CompareOrdinal(later, first).Should().BePositive();
    }
}

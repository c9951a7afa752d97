namespace ProgressKit.Samples.BrowserTests.Fixtures;

/// <summary>The browser and the sample app are started once for all browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>, ICollectionFixture<SignalRSampleFixture>
{
    public const string Name = "browser";
}

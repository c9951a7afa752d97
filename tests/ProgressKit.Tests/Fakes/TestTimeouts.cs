namespace ProgressKit.Tests.Fakes;

/// <summary>Generous bounds for awaiting signals; tests never sleep for a fixed time.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ProgressKit.Samples.BrowserTests;

/// <summary>The dashboard page, through the DOM hooks documented in the page's README.</summary>
internal sealed class DashboardPage(IPage page, Uri address)
{
    public IPage Page { get; } = page;

    public static async Task<DashboardPage> OpenAsync(IPage page, Uri address)
    {
        var dashboard = new DashboardPage(page, address);
        await page.GotoAsync(address.ToString());
        await dashboard.WaitUntilConnectedAsync();
        return dashboard;
    }

    public async Task WaitUntilConnectedAsync()
    {
        await Expect(Page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(Page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilConnectedAsync();
    }

    /// <summary>Starts a job from the page's controls and returns its id (from the page's own POST /jobs).</summary>
    public async Task<string> StartJobAsync(int durationSeconds, bool failing = false)
    {
        await Page.Locator("#job-duration").FillAsync(durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await Page.RunAndWaitForResponseAsync(
            () => Page.Locator(failing ? "#start-failing-job" : "#start-job").ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/jobs");
        response.Status.Should().Be(202);
        var body = await response.JsonAsync();
        var jobId = body!.Value.GetProperty("job_id").GetString()!;
        await Expect(Card(jobId)).ToBeVisibleAsync();
        return jobId;
    }

    public ILocator Card(string jobId) => Page.Locator($"#jobs > .job-card[data-job-id='{jobId}']");

    public async Task<int> ProgressOfAsync(string jobId) =>
        int.Parse(await Card(jobId).Locator(".progress-bar").GetAttributeAsync("aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public override string ToString() => address.ToString();
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ProgressKit.Samples.BrowserTests.Fixtures;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ProgressKit.Samples.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(ChromiumFixture chromium, SignalRSampleFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<string> _pageErrors = [];
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        // A fresh context per test: its own localStorage, so only that test's jobs are restored.
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Add(error);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _pageErrors.Add(message.Text);
            }
        };
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task Dashboard_JobCompletes_SecondIsCancelled_BothAreRestoredAfterAReload()
    {
        var dashboard = await DashboardPage.OpenAsync(_page, app.BaseAddress);

        var completed = await dashboard.StartJobAsync(durationSeconds: 3);
        var card = dashboard.Card(completed);
        await Expect(card).ToHaveAttributeAsync("data-state", "completed");
        await ExpectFinishedAsync(card);
        await Expect(card.Locator(".job-agents > li.agent")).ToHaveCountAsync(2);
        await Expect(card.Locator(".agent-status[data-status='complete']")).ToHaveCountAsync(2);
        await Expect(card.Locator(".job-output > pre.stream")).ToHaveTextAsync(new Regex("^Three delivery routes"));
        await Expect(card.Locator(".job-results")).ToContainTextAsync("\"answer\"");
        await Expect(card.Locator(".cancel-job")).ToBeDisabledAsync();

        var cancelled = await dashboard.StartJobAsync(durationSeconds: 20);
        var second = dashboard.Card(cancelled);
        await Expect(second).ToHaveAttributeAsync("data-state", "processing");
        await Expect(second.Locator(".job-eta")).ToHaveTextAsync(new Regex("left"));
        await WaitForProgressAsync(cancelled, 15);
        await second.Locator(".cancel-job").ClickAsync();
        await Expect(second).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(second.Locator(".job-state")).ToHaveTextAsync("cancelled");
        await Expect(second.Locator(".cancel-job")).ToBeDisabledAsync();

        await dashboard.ReloadAsync();

        await Expect(_page.Locator("#jobs > .job-card")).ToHaveCountAsync(2);
        await Expect(dashboard.Card(completed)).ToHaveAttributeAsync("data-state", "completed");
        await ExpectFinishedAsync(dashboard.Card(completed));
        await Expect(dashboard.Card(cancelled)).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(dashboard.Card(cancelled).Locator(".job-state")).ToHaveTextAsync("cancelled");
        var screenshot = await dashboard.ScreenshotAsync("dashboard.png");
        output.WriteLine($"Screenshot: {screenshot}");
        Console.WriteLine($"Screenshot: {screenshot}");
        _pageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task Dashboard_FailingJob_ShowsFailedWithTheErrorCode()
    {
        var dashboard = await DashboardPage.OpenAsync(_page, app.BaseAddress);

        var failed = await dashboard.StartJobAsync(durationSeconds: 2, failing: true);

        await Expect(dashboard.Card(failed)).ToHaveAttributeAsync("data-state", "failed");
        await Expect(dashboard.Card(failed).Locator(".job-state")).ToHaveTextAsync(new Regex("^failed \\(agent_timeout"));
        await Expect(dashboard.Card(failed).Locator(".agent-status[data-status='failed']")).ToHaveCountAsync(1);
        _pageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task Dashboard_ReloadMidJob_ResubscribesFromTheSnapshotAndFollowsTheJobToTheEnd()
    {
        var dashboard = await DashboardPage.OpenAsync(_page, app.BaseAddress);
        var jobId = await dashboard.StartJobAsync(durationSeconds: 8);
        await WaitForProgressAsync(jobId, 20);
        var before = await dashboard.ProgressOfAsync(jobId);

        await dashboard.ReloadAsync();

        var card = dashboard.Card(jobId);
        await Expect(card).ToBeVisibleAsync();
        (await dashboard.ProgressOfAsync(jobId)).Should().BeGreaterThanOrEqualTo(before, "the card is redrawn from its saved state, then from the snapshot");
        await Expect(card).ToHaveAttributeAsync("data-state", "processing");
        await Expect(card).ToHaveAttributeAsync("data-state", "completed");
        await ExpectFinishedAsync(card);
        await Expect(card.Locator(".job-output > pre.stream")).ToHaveTextAsync(new Regex("avoids most of them\\.$"));
        _pageErrors.Should().BeEmpty();
    }

    private async Task WaitForProgressAsync(string jobId, int percent) =>
        await _page.WaitForFunctionAsync(
            "([id, percent]) => Number(document.querySelector(`.job-card[data-job-id='${id}'] .progress-bar`)?.getAttribute('aria-valuenow')) >= percent",
            new object[] { jobId, percent },
            new PageWaitForFunctionOptions { Timeout = 30_000 });

    private static async Task ExpectFinishedAsync(ILocator card)
    {
        await Expect(card.Locator(".job-state")).ToHaveTextAsync("completed");
        await Expect(card.Locator(".progress-bar")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(card.Locator(".progress-bar")).ToHaveAttributeAsync("style", new Regex("width: 100%"));
        await Expect(card.Locator(".progress-text")).ToHaveTextAsync("100%");
    }
}

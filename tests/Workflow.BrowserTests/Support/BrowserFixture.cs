using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Workflow.Functions.Identity;
using Workflow.Testing;

namespace Workflow.BrowserTests.Support;

/// <summary>
/// One local host (its own storage prefix and task hub on the shared Azurite), one Playwright driver and one
/// Debian Chromium for every browser test; each test gets a fresh browser context.
/// </summary>
[CollectionDefinition("Browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
}

/// <summary>A change (POST, PUT, DELETE) a page's script sent, with the command id (Idempotency-Key) it carried.</summary>
public sealed record SentChange(string Method, string Path, string? CommandId);

public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>What the issue asks Chromium to run with: headless, no sandbox (root in CI), nothing phoning home.</summary>
    public static readonly IReadOnlyList<string> ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly AzuriteFixture _azurite = new();
    private readonly Smtp4devFixture _smtp = new();
    private readonly List<IBrowserContext> _contexts = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IBrowserContext, System.Collections.Concurrent.ConcurrentQueue<SentChange>> _changes = new();
    private LocalHostProcess? _host;
    private HttpClient? _http;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Task<string>? _openRound;

    public Uri BaseUrl => Host.BaseUrl;

    public LocalHostProcess Host => _host ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>For API calls beside the browser (BaseAddress is the host).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The fixture has not started.");

    public RoundSeeder Seeder { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Where screenshots go: the artifacts folder ./workflow test keeps.</summary>
    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Find(), ".local", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        // Fail first on what the developer must install, before anything is started.
        var chromium = FindChromium();

        await _azurite.InitializeAsync();
        await _smtp.InitializeAsync();
        _host = new LocalHostProcess(AzuriteFixture.NewPrefix()).UseMail(_smtp);
        // Erasure after the retention period, on a short schedule so that the ministry's page lists a seeded old round
        // within seconds; the rounds the other tests make are new and never due.
        _host.Environment["WorkflowErasureSchedule"] = "*/2 * * * * *";
        _host.Environment["AzureWebJobs.EraseAfterRetention.Disabled"] = "false";
        var hostStarted = _host.StartAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            ChromiumSandbox = false,
            Args = ChromiumArgs,
        });

        await hostStarted;
        _http = new HttpClient { BaseAddress = _host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Seeder = new RoundSeeder(_http, () => _host.Output);

        // Started now, awaited by the tests that need it: the opening date is a few seconds away.
        _openRound = Seeder.CreateRoundAcceptingApplicationsAsync(title: "ブラウザ試験の公募（応募受付中）");
    }

    /// <summary>
    /// One round accepting applications for ten minutes, shared by the tests that only apply and read; an applicant
    /// who must not meet another test's applications (e-mail addresses are unique per round) needs a round of its own.
    /// </summary>
    public Task<string> OpenRoundAsync() => _openRound ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _smtp.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>The mail server the host sends its notices to.</summary>
    public Smtp4devFixture Mail => _smtp;

    /// <summary>A fresh browser context (no cookies, no storage) as a Japanese user in Japan sees the site.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.AbsoluteUri,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },

            // The local host's development sign-in provider serves https with a certificate it made itself (ADR 0023).
            IgnoreHTTPSErrors = true,
        });
        context.SetDefaultTimeout(15_000);
        var changes = _changes.GetOrAdd(context, _ => new());
        context.Request += (_, request) =>
        {
            // Changes sent to the app; the sign-in page's code redemption at the development provider is not one.
            if (request.ResourceType is "fetch" or "xhr" && request.Method is not ("GET" or "HEAD") && new Uri(request.Url).Authority == BaseUrl.Authority)
            {
                changes.Enqueue(new SentChange(request.Method, new Uri(request.Url).AbsolutePath, request.Headers.TryGetValue("idempotency-key", out var key) ? key : null));
            }
        };
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>The changes the scripts of <paramref name="page"/>'s context sent so far, in order.</summary>
    public IReadOnlyList<SentChange> ChangesSentBy(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return [.. _changes.GetOrAdd(page.Context, _ => new())];
    }

    /// <summary>
    /// Signs a staff member in through the sign-in page and the development provider's redirect, as every browser
    /// test does (<see cref="SignInThroughProviderAsync"/>). The page is left on the role's home; go on to the page under test.
    /// </summary>
    /// <param name="role">ministry, operator, reviewer, municipality or auditor.</param>
    /// <param name="subject">The id the staff member signs in with: what the operator names a reviewer by on the panel.</param>
    public Task SignInAsync(IPage page, string role, IEnumerable<string>? rounds = null, string? municipality = null, string subject = "browser-test") =>
        SignInThroughProviderAsync(page, role, rounds, municipality, subject);

    /// <summary>
    /// Signs a staff member in as a person does (ADR 0023): the sign-in page's MSAL.js sends the browser to the
    /// development provider's authorize page, where the role and its scopes are chosen, and the code comes back to
    /// /staff, which redeems it with PKCE and moves on to the role's home. The page is left there.
    /// </summary>
    public async Task SignInThroughProviderAsync(IPage page, string role, IEnumerable<string>? rounds = null, string? municipality = null, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await GotoAsync(page, "/staff");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^https://127\\.0\\.0\\.1:\\d+/oidc/authorize"));
        await page.GetByLabel("役割").SelectOptionAsync(role);
        if (rounds is not null)
        {
            await page.GetByLabel("担当する公募ラウンドID", new() { Exact = false }).FillAsync(string.Join(",", rounds));
        }

        if (municipality is not null)
        {
            await page.GetByLabel("団体コード", new() { Exact = false }).FillAsync(municipality);
        }

        if (subject is not null)
        {
            await page.GetByLabel("利用者ID", new() { Exact = false }).FillAsync(subject);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/(staff|oidc/authorize)([?#].*)?$"));
    }

    /// <summary>
    /// Opens a page of the site and fails unless it answers 200, with what the host said instead (Chromium reports
    /// an error answer without a body only as net::ERR_HTTP_RESPONSE_CODE_FAILURE).
    /// </summary>
    public async Task GotoAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        IResponse? response = null;
        PlaywrightException? failure = null;
        try
        {
            response = await page.GotoAsync(path);
        }
        catch (PlaywrightException e)
        {
            failure = e;
        }

        if (response is { Status: 200 })
        {
            // Every page of the service is Japanese and has one main heading.
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
            await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
            return;
        }

        using var direct = await Http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        var body = await direct.Content.ReadAsStringAsync();
        throw new Xunit.Sdk.XunitException(
            $"GET {path} answered {(int)direct.StatusCode} {direct.Content.Headers.ContentType?.MediaType}, expected a 200 page"
            + $"{(failure is null ? string.Empty : $" (the browser: {failure.Message.Split('\n')[0]})")}:\n{Shorten(body, 400)}");
    }

    /// <summary>A full-page PNG kept as an artifact: .local/test-results/screenshots/NAME.png.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>axe-core on the page as it is now: fails on any serious or critical violation, listing each.</summary>
    public async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        var blocking = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
        if (blocking.Count == 0)
        {
            return;
        }

        var lines = blocking.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]\n"
            + string.Join('\n', v.Nodes.Select(n => $"    {n.Target}  {Shorten(n.Html, 160)}")));
        throw new Xunit.Sdk.XunitException(
            $"{blocking.Count} serious or critical accessibility violation(s) on {page.Url}:\n{string.Join('\n', lines)}");
    }

    /// <summary>Debian's Chromium from PATH (apt-get install chromium; ./workflow test installs it where it is missing).</summary>
    public static string FindChromium()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "Chromium is not installed: `command -v chromium` finds nothing. Install Debian's package (apt-get install chromium), "
            + "or run ./workflow test, which installs it where it is missing.");
    }

    private static string Shorten(string? text, int length) => text is null ? string.Empty : text.Length <= length ? text : text[..length] + "…";
}

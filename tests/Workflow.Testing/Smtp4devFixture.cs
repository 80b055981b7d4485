using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Testing;

/// <summary>One mail as smtp4dev received it, with what the tests look at.</summary>
public sealed record ReceivedMail(string Id, string To, string Subject, string MessageId, string? WorkflowMessageId, string Text, string Html);

/// <summary>
/// A real SMTP server for the tests: smtp4dev (the dotnet tool in .config/dotnet-tools.json, restored by
/// ./workflow test), on free loopback ports with an in-memory database, read back through its web API. Each fixture
/// starts its own and stops it at the end, so runs never see each other's mail.
/// </summary>
public sealed class Smtp4devFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly List<string> _output = [];

    public int SmtpPort { get; } = LocalHostProcess.FreePort();

    public int WebPort { get; } = LocalHostProcess.FreePort();

    public Uri ApiUrl => new($"http://127.0.0.1:{WebPort}/api/");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        foreach (var arg in new[]
                 {
                     "tool", "run", "smtp4dev", "--",
                     $"--urls=http://127.0.0.1:{WebPort}", $"--smtpport={SmtpPort}",
                     $"--imapport={LocalHostProcess.FreePort()}", $"--pop3port={LocalHostProcess.FreePort()}",
                     "--bindaddress=127.0.0.1", "--hostname=127.0.0.1", "--db=", "--nousersettings", "--messagestokeep=100000",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("smtp4dev did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(ApiUrl, "messages"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"smtp4dev did not start (run `dotnet tool restore` in the repository root):\n{string.Join('\n', _output.TakeLast(30))}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Every mail received so far, with headers and both parts.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var list = await Http.GetFromJsonAsync<Page>(new Uri(ApiUrl, "messages?pageSize=100000"), Options) ?? new Page([]);
        var mails = new List<ReceivedMail>();
        foreach (var summary in list.Results)
        {
            var detail = await Http.GetFromJsonAsync<JsonElement>(new Uri(ApiUrl, $"messages/{summary.Id}"), Options);
            string? Header(string name) => detail.GetProperty("headers").EnumerateArray()
                .Where(h => string.Equals(h.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase))
                .Select(h => h.GetProperty("value").GetString()).FirstOrDefault();
            var text = await TryGetStringAsync($"messages/{summary.Id}/plaintext");
            var html = await TryGetStringAsync($"messages/{summary.Id}/html");
            mails.Add(new ReceivedMail(summary.Id, string.Join(',', summary.To), summary.Subject, Header("Message-ID") ?? string.Empty,
                Header("X-Workflow-Message-Id"), text, html));
        }

        return mails;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the mail received, and returns it.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<IReadOnlyList<ReceivedMail>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var mails = await MessagesAsync();
            if (done(mails))
            {
                return mails;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The mail expected did not arrive in {timeout.TotalSeconds:0} s; {mails.Count} received: " +
                                           string.Join("; ", mails.Select(m => $"{m.To} 「{m.Subject}」")));
            }

            await Task.Delay(500);
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        Http.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> TryGetStringAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(ApiUrl, path));
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : string.Empty;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record Page([property: JsonPropertyName("results")] IReadOnlyList<Summary> Results);

    private sealed record Summary(string Id, IReadOnlyList<string> To, string Subject);
}

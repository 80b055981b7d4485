using System.Net.Sockets;
using System.Text;

namespace Workflow.IntegrationTests.Http;

/// <summary>A body made while it is sent: a head, padding ('a') to <see cref="Size"/> bytes in all, a tail.</summary>
internal sealed record PaddedBody(byte[] Head, long Size, byte[] Tail, string ContentType, bool Chunked)
{
    public async Task WriteAsync(Func<ReadOnlyMemory<byte>, Task> write)
    {
        await write(Head);
        var padding = new byte[64 * 1024];
        Array.Fill(padding, (byte)'a');
        for (var remaining = Size - Head.Length - Tail.Length; remaining > 0; remaining -= padding.Length)
        {
            await write(padding.AsMemory(0, (int)Math.Min(padding.Length, remaining)));
        }

        await write(Tail);
    }
}

/// <summary>What came back, and how much of the body had been handed to the connection when it started to.</summary>
internal sealed record ListeningAnswer(int Status, string? MediaType, string Body, long SentWhenAnswered, string? Connection = null);

/// <summary>
/// An HTTP/1.1 client on a bare connection that reads the answer while it is still sending the body, as curl does.
/// HttpClient does not: it finishes sending before it reads, so a server that answers early and closes looks like a
/// broken connection to it.
/// </summary>
internal static class ListeningSender
{
    public static async Task<ListeningAnswer?> SendAsync(Uri baseUrl, string path, PaddedBody body, IReadOnlyList<(string Name, string Value)> headers)
    {
        using var client = new TcpClient { NoDelay = true, SendBufferSize = 256 * 1024 };
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = client.GetStream();
        var head = new StringBuilder($"POST /{path} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: {body.ContentType}\r\n");
        head.Append(body.Chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Size}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));

        long sent = 0;
        long sentWhenAnswered = -1;
        using var answered = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            try
            {
                await body.WriteAsync(async bytes =>
                {
                    if (body.Chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), answered.Token);
                    }

                    await stream.WriteAsync(bytes, answered.Token);
                    if (body.Chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray(), answered.Token);
                    }

                    Interlocked.Add(ref sent, bytes.Length);
                });
                if (body.Chunked)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), answered.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server answered and closed, or we stopped: either way, no more is sent.
            }
        });

        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int? headerEnd = null;
        long? contentLength = null;
        try
        {
            while (headerEnd is null || received.Count - headerEnd < (contentLength ?? long.MaxValue))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                Interlocked.CompareExchange(ref sentWhenAnswered, Interlocked.Read(ref sent), -1);
                received.AddRange(buffer.AsSpan(0, read));
                if (headerEnd is null && IndexOf(received, "\r\n\r\n"u8) is var end and >= 0)
                {
                    headerEnd = end + 4;
                    contentLength = Header(received, headerEnd.Value, "Content-Length") is { } length ? long.Parse(length) : null;
                }
            }
        }
        catch (IOException)
        {
            // Reset after the answer: what was read is the answer.
        }

        await answered.CancelAsync();
        await sending;
        if (headerEnd is null)
        {
            return null;
        }

        var statusLine = Encoding.ASCII.GetString(received.Take(received.IndexOf((byte)'\r')).ToArray());
        var mediaType = Header(received, headerEnd.Value, "Content-Type")?.Split(';')[0].Trim();
        var text = Encoding.UTF8.GetString(received.Skip(headerEnd.Value).ToArray());
        return new ListeningAnswer(int.Parse(statusLine.Split(' ')[1]), mediaType, text, Interlocked.Read(ref sentWhenAnswered),
            Header(received, headerEnd.Value, "Connection"));
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes).IndexOf(value);

    private static string? Header(List<byte> bytes, int headerEnd, string name) =>
        Encoding.ASCII.GetString(bytes.Take(headerEnd).ToArray()).Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2 && string.Equals(pair[0].Trim(), name, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim())
            .FirstOrDefault();
}

using Microsoft.AspNetCore.Http;

namespace Workflow.Functions.Http;

/// <summary>
/// A request body that refuses to yield more than <see cref="Limit"/> bytes. It throws the exception Kestrel throws for
/// its own limit (<see cref="BadHttpRequestException"/>, 413), so that one check recognizes both, whichever fires first;
/// it also works where the server has no such limit to set (the Functions host in front, tests).
/// </summary>
public sealed class LimitedRequestBody : Stream
{
    private readonly Stream _inner;
    private readonly long? _declaredLength;
    private readonly Action _onExceeded;
    private long _read;
    private bool _exceeded;

    /// <param name="declaredLength">The request's Content-Length: more than the limit is refused before a byte is read.</param>
    /// <param name="onExceeded">Told once, when the limit is passed, so that callers can tell "too large" from other broken bodies.</param>
    public LimitedRequestBody(Stream inner, long limit, long? declaredLength, Action? onExceeded = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _inner = inner;
        Limit = limit;
        _declaredLength = declaredLength;
        _onExceeded = onExceeded ?? (() => { });
    }

    public long Limit { get; }

    public long BytesRead => _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var window = Window(buffer.Length);
        int read;
        try
        {
            read = _inner.Read(buffer[..window]);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Exceeded();
        }

        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var window = Window(buffer.Length);
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer[..window], cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Exceeded();
        }

        return Count(read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>
    /// How much to ask the inner stream for: never more than one byte past the limit, which is all it takes to know
    /// the body is too large.
    /// </summary>
    private int Window(int wanted)
    {
        if (_exceeded || _declaredLength > Limit)
        {
            throw Exceeded();
        }

        return (int)Math.Min(wanted, Limit - _read + 1);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > Limit ? throw Exceeded() : read;
    }

    private BadHttpRequestException Exceeded()
    {
        if (!_exceeded)
        {
            _exceeded = true;
            _onExceeded();
        }

        return new BadHttpRequestException($"Request body larger than {Limit} bytes.", StatusCodes.Status413PayloadTooLarge);
    }
}

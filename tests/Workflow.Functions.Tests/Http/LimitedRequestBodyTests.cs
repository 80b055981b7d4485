using Microsoft.AspNetCore.Http;
using Workflow.Functions.Http;

namespace Workflow.Functions.Tests.Http;

/// <summary>The stream that stops a body at its limit: everything up to it is read, one byte more is refused.</summary>
public sealed class LimitedRequestBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(81920 * 3)]
    public async Task A_body_of_exactly_the_limit_is_read_whole(int limit)
    {
        var bytes = Bytes(limit);
        var body = new LimitedRequestBody(new MemoryStream(bytes), limit, declaredLength: null);

        var copy = new MemoryStream();
        await body.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(limit, body.BytesRead);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(81920 * 3)]
    public async Task One_byte_past_the_limit_is_refused_with_413_and_no_more_is_read(int limit)
    {
        var inner = new MemoryStream(Bytes(limit + 100_000));
        var exceeded = 0;
        var body = new LimitedRequestBody(inner, limit, declaredLength: null, () => exceeded++);

        var e = await Assert.ThrowsAsync<BadHttpRequestException>(() => body.CopyToAsync(Stream.Null));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, e.StatusCode);
        Assert.True(BodyLimits.IsTooLarge(e));
        Assert.Equal(limit + 1, inner.Position);
        Assert.Equal(1, exceeded);

        // Once past the limit, the body stays refused: a second reader gets nothing more of it.
        await Assert.ThrowsAsync<BadHttpRequestException>(() => body.ReadAsync(new byte[10]).AsTask());
        Assert.Equal(limit + 1, inner.Position);
        Assert.Equal(1, exceeded);
    }

    [Fact]
    public async Task A_declared_length_past_the_limit_is_refused_before_anything_is_read()
    {
        var inner = new MemoryStream(Bytes(10));
        var body = new LimitedRequestBody(inner, 10, declaredLength: 11);

        await Assert.ThrowsAsync<BadHttpRequestException>(() => body.ReadAsync(new byte[1]).AsTask());
        Assert.Throws<BadHttpRequestException>(() => body.Read(new byte[1], 0, 1));

        Assert.Equal(0, inner.Position);
    }

    [Fact]
    public void Synchronous_reads_are_bounded_alike()
    {
        var buffer = new byte[128];
        var atLimit = new LimitedRequestBody(new MemoryStream(Bytes(200)), 200, declaredLength: null);
        Assert.Equal(128, atLimit.Read(buffer, 0, buffer.Length));
        Assert.Equal(72, atLimit.Read(buffer, 0, buffer.Length));
        Assert.Equal(0, atLimit.Read(buffer, 0, buffer.Length));

        var past = new LimitedRequestBody(new MemoryStream(Bytes(300)), 200, declaredLength: null);
        Assert.Equal(128, past.Read(buffer, 0, buffer.Length));
        Assert.Throws<BadHttpRequestException>(() => past.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public async Task The_servers_own_413_is_reported_as_the_limit_being_passed()
    {
        var exceeded = false;
        var body = new LimitedRequestBody(new ServerRefusing(), 1000, declaredLength: null, () => exceeded = true);

        var e = await Assert.ThrowsAsync<BadHttpRequestException>(() => body.ReadAsync(new byte[10]).AsTask());

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, e.StatusCode);
        Assert.True(exceeded);
    }

    private static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)i).ToArray();

    /// <summary>What Kestrel's request body does when its own MaxRequestBodySize is passed.</summary>
    private sealed class ServerRefusing : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Workflow.Functions.Pages;

/// <summary>HTML that is already safe to write: made only by <see cref="Html"/>, so text from people is always encoded.</summary>
public readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new(string.Empty);

    public override string ToString() => Value;
}

/// <summary>
/// Templates as interpolated strings: <c>Html.Of($"&lt;p&gt;{name}&lt;/p&gt;")</c> encodes <c>name</c>; only
/// <see cref="Markup"/> values are written as they are. Pages cannot forget to encode what an applicant typed.
/// </summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static Markup Of(ref HtmlBuilder builder) => builder.Build();

    public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Markup Raw(string trusted) => new(trusted);

    [InterpolatedStringHandler]
    public ref struct HtmlBuilder
    {
        private readonly StringBuilder _text;

        public HtmlBuilder(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

        public readonly void AppendLiteral(string literal) => _text.Append(literal);

        public readonly void AppendFormatted(Markup markup) => _text.Append(markup.Value);

        public readonly void AppendFormatted(IEnumerable<Markup> markups)
        {
            foreach (var markup in markups)
            {
                _text.Append(markup.Value);
            }
        }

        public readonly void AppendFormatted(string? text) => _text.Append(Encode(text));

        public readonly void AppendFormatted<T>(T value) => _text.Append(Encode(value?.ToString()));

        public readonly void AppendFormatted<T>(T value, string? format) =>
            _text.Append(Encode(value is IFormattable formattable ? formattable.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : value?.ToString()));

        public readonly Markup Build() => new(_text.ToString());
    }
}

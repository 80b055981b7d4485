using System.Globalization;
using System.Text;

namespace Workflow.Domain.Signing;

/// <summary>
/// The bytes a signed record is signed over: every field in a fixed order, each as its UTF-8 length, a colon, the UTF-8
/// bytes and a line feed. The same facts always give the same bytes whatever library reads or writes them (no
/// serializer's escaping policy is involved), and no value can run into the next. Used by the 修了証 and the evidence
/// pack for the 特別交付税措置, each under a format tag of its own as the first field.
/// </summary>
public static class CanonicalFields
{
    public static byte[] Encode(IEnumerable<string> fields)
    {
        var canonical = new List<byte>();
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            canonical.AddRange(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
            canonical.AddRange(bytes);
            canonical.Add((byte)'\n');
        }

        return [.. canonical];
    }

    /// <summary>A time as signed: UTC ticks.</summary>
    public static string Time(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>A day as signed: ISO 8601.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

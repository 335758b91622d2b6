using System.Globalization;
using System.Text.RegularExpressions;

namespace WebDemo.Containers.Tests.Infrastructure;

/// <summary>Docker's timestamps carry nanoseconds (<c>2026-12-03T20:15:05.123456789Z</c>); .NET parses up to 100 ns.</summary>
internal static partial class DockerTime
{
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(Nanoseconds().Replace(text, "$1"), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex Nanoseconds();
}

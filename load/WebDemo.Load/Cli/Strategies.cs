using System.Text;
using System.Text.Json;
using WebDemo.Embedding;

namespace WebDemo.Load.Cli;

/// <summary>The API's strategies (<see cref="StrategyNames"/>), and the request every scenario sends.</summary>
public static class Strategies
{
    public static IReadOnlyList<string> All => StrategyNames.All;

    /// <summary>A strategy name becomes its route; anything starting with '/' is a custom path.</summary>
    public static string PathOf(string strategyOrPath) =>
        strategyOrPath.StartsWith('/') ? strategyOrPath
        : All.Contains(strategyOrPath, StringComparer.Ordinal) ? StrategyNames.RouteOf(strategyOrPath)
        : throw new ArgumentException($"Unknown strategy '{strategyOrPath}': use one of {string.Join(", ", All)}, or a path starting with '/'.");

    public static string WithLatency(string path, int? latencyMs) =>
        latencyMs is { } latency ? $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}latencyMs={latency}" : path;

    /// <summary>The OpenAI-shaped body: one text, or an array of <paramref name="inputs"/> texts, each about <paramref name="textLength"/> characters.</summary>
    public static byte[] Body(int inputs, int textLength)
    {
        const string words = "how can i reset my password the weather is sunny today embeddings map text to vectors ";
        var text = new StringBuilder(textLength + words.Length);
        while (text.Length < textLength)
        {
            text.Append(words);
        }
        var input = text.ToString(0, Math.Max(1, textLength)).Trim();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (inputs == 1)
            {
                json.WriteString("input", input);
            }
            else
            {
                json.WriteStartArray("input");
                for (var index = 0; index < inputs; index++)
                {
                    json.WriteStringValue($"{input} {index}");
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}

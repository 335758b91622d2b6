using System.Text.Json;
using System.Text.Json.Serialization;
using WebDemo.Embedding.Diagnostics;

namespace WebDemo.Load.Results;

/// <summary>Reads and writes results.json (camelCase, source-generated so the tool needs no reflection).</summary>
public static class ResultJson
{
    public static string Serialize(LoadReport report) => JsonSerializer.Serialize(report, ResultJsonContext.Default.LoadReport);

    public static LoadReport Deserialize(string json)
    {
        var report = JsonSerializer.Deserialize(json, ResultJsonContext.Default.LoadReport)
            ?? throw new InvalidDataException("The results file is empty.");
        return report.Schema == LoadReport.CurrentSchema
            ? report
            : throw new InvalidDataException($"Unsupported results schema '{report.Schema}'; this tool reads '{LoadReport.CurrentSchema}'.");
    }

    public static async Task<LoadReport> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Deserialize(await File.ReadAllTextAsync(path, cancellationToken));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(ServerSnapshot))]
[JsonSerializable(typeof(BackendSnapshot))]
[JsonSerializable(typeof(ServerConfiguration))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;

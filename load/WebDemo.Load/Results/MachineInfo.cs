using System.Globalization;
using System.Runtime.InteropServices;

namespace WebDemo.Load.Results;

// Part of results.json (the schema is described in LoadReport.cs): add fields freely; renaming or removing one means a new Schema value.

/// <summary>A machine: cores, memory, operating system and .NET runtime.</summary>
public sealed class MachineInfo
{
    public int ProcessorCount { get; set; }

    public long MemoryBytes { get; set; }

    public string Os { get; set; } = "";

    public string Runtime { get; set; } = "";

    public static MachineInfo Current() => new()
    {
        ProcessorCount = Environment.ProcessorCount,
        MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Os = RuntimeInformation.OSDescription,
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ProcessorCount} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {Os}, {Runtime}");
}

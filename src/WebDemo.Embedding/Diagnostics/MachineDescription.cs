using System.Runtime;
using System.Runtime.InteropServices;

namespace WebDemo.Embedding.Diagnostics;

/// <param name="ProcessorCount">Logical processors this process may use.</param>
/// <param name="MemoryBytes">Memory available to this process (the machine's, or the container's limit).</param>
/// <param name="Os">The operating system, e.g. "Debian GNU/Linux 13 (trixie)".</param>
/// <param name="Runtime">The .NET runtime, e.g. ".NET 10.0.0".</param>
/// <param name="ServerGc">True when the server garbage collector runs.</param>
public sealed record MachineDescription(int ProcessorCount, long MemoryBytes, string Os, string Runtime, bool ServerGc)
{
    public static MachineDescription Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC);
}

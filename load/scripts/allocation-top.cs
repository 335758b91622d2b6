#:package Microsoft.Diagnostics.Tracing.TraceEvent
// What a process allocated, by type and by call stack, from a trace with the runtime's allocation sampling
// (dotnet-trace collect --profile gc-verbose): every ~100 KB allocated, the runtime names the type of the object that
// crossed the mark and its stack, so each type's share of the samples is its share of the bytes.
// Used by load/scripts/allocation-profile.sh; by hand:
//   dotnet run load/scripts/allocation-top.cs -- TRACE.nettrace REQUESTS [TYPE-SUBSTRING]
// prints bytes per request by type (the 40 largest), or with a type substring the 6 heaviest stacks allocating it
// (the type, then the frames from the allocating method outwards).
using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: allocation-top.cs TRACE.nettrace REQUESTS [TYPE-SUBSTRING]");
    return 2;
}
var requests = double.Parse(args[1], CultureInfo.InvariantCulture);
var wanted = args.Length > 2 ? args[2] : null;
var byType = new Dictionary<string, double>();
var byStack = new Dictionary<string, double>();
double sampled = 0;

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var source = log.Events.GetSource();
source.Clr.GCAllocationTick += (GCAllocationTickTraceData sample) =>
{
    sampled += sample.AllocationAmount64;
    byType[sample.TypeName] = byType.GetValueOrDefault(sample.TypeName) + sample.AllocationAmount64;
    if (wanted is not null && sample.TypeName.Contains(wanted, StringComparison.Ordinal))
    {
        var stack = string.Join("\n      ", Frames(sample.CallStack()).Take(12).Prepend(sample.TypeName));
        byStack[stack] = byStack.GetValueOrDefault(stack) + sample.AllocationAmount64;
    }
};
source.Process();

Console.WriteLine(FormattableString.Invariant($"{sampled / requests,8:F0} B/req sampled in all, over {requests:F0} requests"));
var rows = wanted is null ? byType.OrderByDescending(row => row.Value).Take(40) : byStack.OrderByDescending(row => row.Value).Take(6);
foreach (var (name, bytes) in rows)
{
    Console.WriteLine(FormattableString.Invariant($"{bytes / requests,8:F0} B/req  {name}"));
}
return 0;

static IEnumerable<string> Frames(TraceCallStack? frame)
{
    for (; frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        yield return string.IsNullOrEmpty(name) ? $"? ({frame.CodeAddress.ModuleName})" : name;
    }
}

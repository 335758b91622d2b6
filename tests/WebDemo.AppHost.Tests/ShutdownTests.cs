using System.Globalization;
using WebDemo.Testing;

namespace WebDemo.AppHost.Tests;

/// <summary>Stopping the AppHost stops everything it started: the orchestrator, the dashboard and both apps.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StoppingTheAppHostLeavesNoProcessBehind()
    {
        var before = Descendants(Environment.ProcessId);
        var demo = new DemoUnderAspire();
        HashSet<int> started;
        try
        {
            await demo.InitializeAsync();
            started = [.. Descendants(Environment.ProcessId).Except(before)];
            // The orchestrator (DCP) may leave the process tree; it is started to watch this process (--monitor <pid>).
            var orchestrator = Orchestrator(Environment.ProcessId);
            Assert.NotEmpty(orchestrator);
            foreach (var pid in orchestrator)
            {
                started.Add(pid);
                started.UnionWith(Descendants(pid));
            }
            foreach (var resource in DemoUnderAspire.Resources.Append(DemoUnderAspire.DashboardResource))
            {
                var pid = await ResourcePidAsync(demo, resource);
                Assert.True(IsAlive(pid), $"{resource} (pid {pid}) runs");
                started.Add(pid);
            }
            output.WriteLine($"Processes started by the AppHost: {string.Join(", ", started.Order())}");
        }
        finally
        {
            await demo.DisposeAsync();
        }

        await Eventually.HoldsAsync(() => Task.FromResult(started.All(pid => !IsAlive(pid))), TimeSpan.FromSeconds(60),
            () => $"every process the AppHost started had exited; still running: {string.Join(", ", started.Where(IsAlive).Select(Describe))}",
            poll: TimeSpan.FromMilliseconds(200));
    }

    private static async Task<int> ResourcePidAsync(DemoUnderAspire demo, string resource)
    {
        var running = await demo.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && p.Value is not null)).WaitAsync(TimeSpan.FromMinutes(1));
        var value = running.Snapshot.Properties.First(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    // A process that has exited but not been reaped yet (a zombie) counts as gone: it runs nothing and holds no port.
    private static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    private static string Describe(int pid) =>
        $"{pid} ({(File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() : "?")})";

    /// <summary>The processes started with <c>--monitor</c> <paramref name="pid"/>: DCP's, which stop when that process goes.</summary>
    private static List<int> Orchestrator(int pid)
    {
        var monitored = pid.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var candidate))
            {
                continue;
            }
            try
            {
                var args = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (args.Zip(args.Skip(1)).Any(pair => pair.First == "--monitor" && pair.Second == monitored))
                {
                    found.Add(candidate);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    /// <summary>Every process below <paramref name="root"/>, from the parent ids in /proc.</summary>
    private static HashSet<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ReadStat(pid) is { } stat)
            {
                (children.TryGetValue(stat.ParentPid, out var list) ? list : children[stat.ParentPid] = []).Add(pid);
            }
        }
        var found = new HashSet<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var parent))
        {
            foreach (var child in children.GetValueOrDefault(parent) ?? [])
            {
                if (found.Add(child))
                {
                    pending.Push(child);
                }
            }
        }
        return found;
    }

    private static (char State, int ParentPid)? ReadStat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }
    }
}

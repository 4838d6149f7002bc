using System.Globalization;

namespace TelemetryFlow.Benchmarks.Export;

/// <summary>
/// CPU time of this process's threads, by thread name, from <c>/proc/self/task</c> (Linux). A throughput probe
/// records it before and after, so the log shows where the cores went: the producing thread, the export thread, the
/// thread pool (HTTP/2 client, Kestrel and the receiver's decoding), socket threads, the garbage collector.
/// </summary>
internal sealed class ThreadCpu
{
    private const string Tasks = "/proc/self/task";
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux.

    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpu(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ThreadCpu Snapshot()
    {
        var threads = new Dictionary<int, (string Name, long Ticks)>();
        if (!Directory.Exists(Tasks))
        {
            return new ThreadCpu(threads);
        }

        foreach (var task in Directory.EnumerateDirectories(Tasks))
        {
            try
            {
                // Fields after the parenthesized name: state is 3rd, utime 14th, stime 15th (1-based, whole line).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, ticks);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return new ThreadCpu(threads);
    }

    /// <summary>CPU seconds per thread name since <paramref name="before"/>, largest first, as one line.</summary>
    public string Since(ThreadCpu before, int producerThreadId)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (tid, (name, ticks)) in _threads)
        {
            var previous = before._threads.TryGetValue(tid, out var b) ? b.Ticks : 0;
            var key = tid == producerThreadId ? "producer" : name;
            byName[key] = byName.GetValueOrDefault(key) + (ticks - previous) / TicksPerSecond;
        }

        return string.Join(", ", byName.Where(p => p.Value >= 0.05).OrderByDescending(p => p.Value)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.0#} s")));
    }

    /// <summary>The OS id of the calling thread (what <c>/proc/self/task</c> lists).</summary>
    public static int CurrentThreadId()
    {
        const string ThreadSelf = "/proc/thread-self";
        return Directory.Exists(ThreadSelf)
            ? int.Parse(Path.GetFileName(new DirectoryInfo(ThreadSelf).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "0"), CultureInfo.InvariantCulture)
            : 0;
    }
}

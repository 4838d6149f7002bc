using System.Globalization;
using System.Text.Json;

namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>
/// Reads a speedscope file written by BenchmarkDotNet's EventPipe profiler (evented profiles, one per thread) and tells
/// where the time under one benchmark method goes: for every frame seen below that method, its inclusive and exclusive
/// share of the method's own inclusive time. That is what says which part of the SDK path costs what.
/// </summary>
internal static class CpuProfile
{
    private const string Extension = ".speedscope.json";
    private const int TopFrames = 40;

    /// <summary>
    /// Summarizes every speedscope file written since <paramref name="since"/>. BenchmarkDotNet names them
    /// <c>Namespace.Class.Method-timestamp.speedscope.json</c>; the frames under <c>Class.Method</c> are summarized.
    /// </summary>
    public static void SummarizeAll(string artifacts, DateTime since, TextWriter writer)
    {
        var files = Directory.EnumerateFiles(artifacts, "*" + Extension)
            .Where(f => File.GetLastWriteTimeUtc(f) >= since)
            .Order(StringComparer.Ordinal)
            .ToList();
        writer.WriteLine();
        writer.WriteLine($"CPU profiles ({files.Count}; share of each benchmark method's sampled time, inclusive and exclusive):");
        foreach (var file in files)
        {
            var name = Path.GetFileName(file)[..^Extension.Length];
            var dash = name.IndexOf('-', Math.Max(0, name.LastIndexOf('.')));
            var qualified = dash > 0 ? name[..dash] : name;
            var parts = qualified.Split('.');
            var method = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : qualified;
            Summarize(file, method, TopFrames, writer);
        }
    }

    /// <summary>Writes the <paramref name="top"/> frames by inclusive share under <paramref name="method"/>.</summary>
    public static void Summarize(string speedscopePath, string method, int top, TextWriter writer)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopePath));
        var root = document.RootElement;
        var frames = root.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "?")
            .ToArray();
        var inclusive = new double[frames.Length];
        var exclusive = new double[frames.Length];
        double total = 0;

        foreach (var profile in root.GetProperty("profiles").EnumerateArray())
        {
            if (profile.GetProperty("type").GetString() == "evented")
            {
                total += Accumulate(profile, frames, method, inclusive, exclusive);
            }
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {method}: {total:N0} ms of samples under it ({Path.GetFileName(speedscopePath)})"));
        if (total <= 0)
        {
            return;
        }

        writer.WriteLine("     incl%   excl%  frame");
        foreach (var i in Enumerable.Range(0, frames.Length).Where(i => inclusive[i] > 0).OrderByDescending(i => inclusive[i]).Take(top))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {inclusive[i] / total * 100,6:0.0}  {exclusive[i] / total * 100,6:0.0}  {Shorten(frames[i])}"));
        }
    }

    /// <summary>
    /// Walks one thread's open/close events. Each interval between two events during which the frame of
    /// <paramref name="method"/> is on the stack counts exclusively to the top frame and inclusively, once, to every
    /// distinct frame from the outermost such frame up.
    /// </summary>
    private static double Accumulate(JsonElement profile, string[] frames, string method, double[] inclusive, double[] exclusive)
    {
        // "Class.Method(": the method's own frame, not the process or activity frames that quote its name.
        var methodFrame = "." + method + "(";
        var isTarget = frames.Select(f => f.Contains(methodFrame, StringComparison.Ordinal)).ToArray();

        // EventPipe ends every sampled stack with a pseudo-frame (CPU_TIME, UNMANAGED_CODE_TIME, ...); exclusive time
        // belongs to the real frame below it.
        var isPseudo = frames.Select(f => f.EndsWith("_TIME", StringComparison.Ordinal)).ToArray();
        var stamp = new int[frames.Length];
        var interval = 0;
        var stack = new List<int>();
        double targetTotal = 0;
        double previous = 0;

        foreach (var e in profile.GetProperty("events").EnumerateArray())
        {
            var at = e.GetProperty("at").GetDouble();
            var outermost = stack.FindIndex(f => isTarget[f]);
            if (outermost >= 0 && at > previous)
            {
                var span = at - previous;
                targetTotal += span;
                var top = stack.FindLastIndex(f => !isPseudo[f]);
                exclusive[stack[top]] += span;
                interval++;
                for (var i = outermost; i < stack.Count; i++)
                {
                    if (!isPseudo[stack[i]] && stamp[stack[i]] != interval)
                    {
                        stamp[stack[i]] = interval;
                        inclusive[stack[i]] += span;
                    }
                }
            }

            previous = at;
            var frame = e.GetProperty("frame").GetInt32();
            if (e.GetProperty("type").GetString() == "O")
            {
                stack.Add(frame);
            }
            else
            {
                var index = stack.LastIndexOf(frame);
                if (index >= 0)
                {
                    stack.RemoveRange(index, stack.Count - index);
                }
            }
        }

        return targetTotal;
    }

    /// <summary>Drops the module prefix and parameter lists so frames fit on a line.</summary>
    private static string Shorten(string frame)
    {
        var bang = frame.IndexOf('!', StringComparison.Ordinal);
        var name = bang >= 0 ? frame[(bang + 1)..] : frame;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren >= 0 ? name[..paren] : name;
        return name.Length > 150 ? name[..147] + "..." : name;
    }
}

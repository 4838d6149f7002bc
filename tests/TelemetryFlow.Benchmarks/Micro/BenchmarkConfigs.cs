using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace TelemetryFlow.Benchmarks.Micro;

internal static class BenchmarkConfigs
{
    /// <summary>
    /// The full suite: BenchmarkDotNet's default job (a separate process per benchmark, pilot-chosen invocation counts,
    /// as many iterations as the statistics need).
    /// </summary>
    public static IConfig Full(bool profile) => Common(ManualConfig.Create(DefaultConfig.Instance), profile);

    /// <summary>
    /// <c>--quick</c>: in-process (no per-benchmark build or process start), 3 warm-up and 5 measured iterations of
    /// about 100 ms each. Good for a ratio in a couple of minutes; noisier than the full suite. BenchmarkDotNet's own
    /// log goes to <paramref name="logFile"/>; the console only shows progress.
    /// </summary>
    public static IConfig Quick(TextWriter logFile, bool profile)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("Quick");

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(new ProgressLogger(logFile, Console.Out))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()])
            .AddValidator([.. DefaultConfig.Instance.GetValidators()]);
        return Common(config, profile);
    }

    private static ManualConfig Common(ManualConfig config, bool profile)
    {
        config
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(CategoriesColumn.Default)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary);
        if (profile)
        {
            // CPU samples of every benchmark process, written as speedscope files; CpuProfile summarizes them.
            config.AddDiagnoser(new EventPipeProfiler(EventPipeProfile.CpuSampling));
        }

        return config;
    }

    /// <summary>Everything to a file; to the console only the line that names each benchmark as it starts.</summary>
    private sealed class ProgressLogger(TextWriter file, TextWriter console) : ILogger
    {
        private const string BenchmarkPrefix = "// Benchmark: ";

        public string Id => nameof(ProgressLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text) => file.Write(text);

        public void WriteLine() => file.WriteLine();

        public void WriteLine(LogKind logKind, string text)
        {
            file.WriteLine(text);
            if (text.StartsWith(BenchmarkPrefix, StringComparison.Ordinal))
            {
                console.WriteLine("  " + text[BenchmarkPrefix.Length..]);
            }
        }

        public void Flush() => file.Flush();
    }
}

using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class StripedCounterTests
{
    [Fact]
    public void Value_New_IsZero() => Assert.Equal(0, new StripedCounter().Value);

    [Fact]
    public void IncrementAndAdd_OnOneThread_Sum()
    {
        var counter = new StripedCounter();

        counter.Increment();
        counter.Add(41);

        Assert.Equal(42, counter.Value);
    }

    [Fact]
    public void Increment_EightThreadsTimesOneHundredThousand_SumsExactly()
    {
        const int threads = 8;
        const int perThread = 100_000;
        var counter = new StripedCounter();
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                counter.Increment();
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal((long)threads * perThread, counter.Value);
    }

    [Fact]
    public void Add_ManyThreads_SumsExactly()
    {
        const int threads = 8;
        var counter = new StripedCounter();
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(1, threads).Select(amount => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(amount);
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal(10_000L * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8), counter.Value);
    }

    [Fact]
    public void Increment_ThreadsThatExitAndHandTheirSlotsOver_SumsExactly()
    {
        // Short-lived threads in waves, collecting between waves so that the slots of exited threads are freed and
        // taken over by the next wave: every increment of every thread must still be counted once.
        const int waves = 6;
        const int threadsPerWave = 40;
        const int perThread = 1_000;
        var counter = new StripedCounter();

        for (var wave = 0; wave < waves; wave++)
        {
            var workers = Enumerable.Range(0, threadsPerWave).Select(_ => new Thread(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    counter.Increment();
                }
            })).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            GC.Collect();
            GC.WaitForPendingFinalizers();

            Assert.Equal((long)(wave + 1) * threadsPerWave * perThread, counter.Value);
        }
    }

    [Fact]
    public void Increment_MoreThreadsAliveThanOwnedSlots_SumsExactly()
    {
        // Past the owned slots, threads share interlocked stripes.
        var threads = StripedCounter.OwnedSlots + 16;
        const int perThread = 5_000;
        var counter = new StripedCounter();
        using var start = new Barrier(threads);
        using var done = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                counter.Increment();
            }

            // Every thread stays alive until all have counted, so none hands its slot over early.
            done.SignalAndWait();
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal((long)threads * perThread, counter.Value);
    }
}

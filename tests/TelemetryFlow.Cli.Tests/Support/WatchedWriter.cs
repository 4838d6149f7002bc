using System.Text;

namespace TelemetryFlow.Cli.Tests.Support;

/// <summary>
/// A thread-safe writer whose text a test can wait on: every write wakes the waiters, so a test reads a long-running
/// command's output as it is printed, without polling.
/// </summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>What was written so far, as <see cref="Text"/>.</summary>
    public override string ToString() => Text;

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    /// <summary>Waits until the text written so far satisfies <paramref name="condition"/>, and returns it.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            string text;
            lock (_gate)
            {
                changed = _changed.Task;
                text = _text.ToString();
            }

            if (condition(text))
            {
                return text;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The expected output did not appear within {timeout.TotalSeconds} s. Output so far:{Environment.NewLine}{text}");
            }
        }
    }

    private void Append(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

using TelemetryFlow.Application.Common.Behaviours;
using TelemetryFlow.Application.Common.Validation;
using TelemetryFlow.Application.Lifecycle;

namespace TelemetryFlow.UnitTests.Application.Common.Behaviours;

/// <remarks>
/// NSubstitute cannot proxy <c>IValidator&lt;ShutdownSdkCommand&gt;</c>: the command is internal to
/// TelemetryFlow.Application, which does not grant DynamicProxyGenAssembly2 access. <see cref="FixedValidator"/>
/// serves as the test double instead.
/// </remarks>
public sealed class ValidationBehaviorTests
{
    private static readonly ShutdownSdkCommand Shutdown = new(TimeSpan.FromSeconds(5));

    public static TheoryData<string, TimeSpan, bool> Timeouts => new()
    {
        { "zero", TimeSpan.Zero, false },
        { "one tick below zero", TimeSpan.FromTicks(-1), false },
        { "minus one second", TimeSpan.FromSeconds(-1), false },
        { "one tick", TimeSpan.FromTicks(1), true },
        { "five seconds", TimeSpan.FromSeconds(5), true },
        { "infinite", Timeout.InfiniteTimeSpan, true },
    };

    [Fact]
    public async Task Handle_ValidatorFails_ThrowsArgumentExceptionNamingEveryProblemWithoutCallingNext()
    {
        var validator = new FixedValidator(new ValidationProblem(nameof(ShutdownSdkCommand.Timeout), "first problem"), new ValidationProblem(nameof(ShutdownSdkCommand.Timeout), "second problem"));
        var next = new RecordingNext<ShutdownSdkCommand, bool>(true);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Behavior(validator).Handle(Shutdown, next.Invoke, default).AsTask());

        Assert.StartsWith("first problem second problem", error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ShutdownSdkCommand.Timeout), error.ParamName);
        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task Handle_SecondOfTwoValidatorsFails_Throws()
    {
        var passes = new FixedValidator();
        var fails = new FixedValidator(new ValidationProblem(nameof(ShutdownSdkCommand.Timeout), "rejected"));
        var next = new RecordingNext<ShutdownSdkCommand, bool>(true);

        await Assert.ThrowsAsync<ArgumentException>(() => Behavior(passes, fails).Handle(Shutdown, next.Invoke, default).AsTask());

        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task Handle_Valid_CallsNextAndReturnsItsResult()
    {
        var next = new RecordingNext<ShutdownSdkCommand, bool>(true);

        var result = await Behavior(new ShutdownSdkCommandValidator()).Handle(Shutdown, next.Invoke, default);

        Assert.True(result);
        Assert.Equal(Shutdown, Assert.Single(next.Messages));
    }

    [Fact]
    public async Task Handle_NoValidators_CallsNext()
    {
        var next = new RecordingNext<ShutdownSdkCommand, bool>(false);

        var result = await Behavior().Handle(Shutdown, next.Invoke, default);

        Assert.False(result);
        Assert.Single(next.Messages);
    }

    [Theory]
    [MemberData(nameof(Timeouts))]
    public async Task ShutdownSdkCommand_Timeout_IsValidatedThroughTheBehavior(string scenario, TimeSpan timeout, bool valid)
    {
        var command = new ShutdownSdkCommand(timeout);
        var next = new RecordingNext<ShutdownSdkCommand, bool>(true);
        var behavior = Behavior(new ShutdownSdkCommandValidator());

        var error = await Record.ExceptionAsync(() => behavior.Handle(command, next.Invoke, default).AsTask());

        AssertOutcome(scenario, valid, error, next.Messages.Count, "The shutdown timeout is " + timeout);
    }

    [Theory]
    [MemberData(nameof(Timeouts))]
    public async Task FlushTelemetryCommand_Timeout_IsValidatedThroughTheBehavior(string scenario, TimeSpan timeout, bool valid)
    {
        var command = new FlushTelemetryCommand(timeout);
        var next = new RecordingNext<FlushTelemetryCommand, bool>(true);
        var behavior = new ValidationBehavior<FlushTelemetryCommand, bool>([new FlushTelemetryCommandValidator()]);

        var error = await Record.ExceptionAsync(() => behavior.Handle(command, next.Invoke, default).AsTask());

        AssertOutcome(scenario, valid, error, next.Messages.Count, "The flush timeout is " + timeout);
    }

    private static ValidationBehavior<ShutdownSdkCommand, bool> Behavior(params IValidator<ShutdownSdkCommand>[] validators) => new(validators);

    private static void AssertOutcome(string scenario, bool valid, Exception? error, int nextCalls, string expectedMessage)
    {
        if (valid)
        {
            Assert.True(error is null, $"{scenario}: unexpected {error}");
            Assert.Equal(1, nextCalls);
            return;
        }

        var argument = Assert.IsType<ArgumentException>(error);
        Assert.Contains(expectedMessage, argument.Message, StringComparison.Ordinal);
        Assert.Contains("greater than zero, or Timeout.InfiniteTimeSpan", argument.Message, StringComparison.Ordinal);
        Assert.Equal(0, nextCalls);
    }

    private sealed class FixedValidator(params ValidationProblem[] problems) : IValidator<ShutdownSdkCommand>
    {
        public IReadOnlyList<ValidationProblem> Validate(ShutdownSdkCommand instance) => problems;
    }
}

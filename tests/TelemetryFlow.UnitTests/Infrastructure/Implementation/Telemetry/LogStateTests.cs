using System.Collections;
using System.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Telemetry;

public sealed class LogStateTests
{
    private static readonly KeyValuePair<string, object?>[] Attributes =
    [
        new("order.id", 42),
        new("customer", "ada"),
        new("express", true),
        new("note", null),
    ];

    [Fact]
    public void Attributes_AreExposedInOrderByIndexAndCount()
    {
        var state = new LogState("order placed", Attributes);

        Assert.Equal(4, state.Count);
        Assert.Equal(Attributes, Enumerable.Range(0, state.Count).Select(i => state[i]));
    }

    [Fact]
    public void Enumerators_YieldTheAttributesInOrder()
    {
        var state = new LogState("order placed", Attributes);

        Assert.Equal(Attributes, state.ToArray());
        Assert.Equal(Attributes, ((IEnumerable)state).Cast<KeyValuePair<string, object?>>());
    }

    [Fact]
    public void NoAttributes_IsEmpty()
    {
        var state = new LogState("started", null);

        Assert.Empty(state);
    }

    [Fact]
    public void AttributesChangedAfterwards_StateKeepsItsCopy()
    {
        var list = new List<KeyValuePair<string, object?>> { new("a", 1) };
        var array = new KeyValuePair<string, object?>[] { new("a", 1) };
        var fromList = new LogState("m", list);
        var fromArray = new LogState("m", array);

        list.Add(new("b", 2));
        array[0] = new("changed", 3);

        Assert.Single(fromList);
        Assert.Equal("a", Assert.Single(fromArray).Key);
    }

    [Fact]
    public void FormatterAndToString_ReturnTheMessage()
    {
        var state = new LogState("order placed", Attributes);

        Assert.Equal("order placed", LogState.Formatter(state, null));
        Assert.Equal("order placed", LogState.Formatter(state, new InvalidOperationException("not part of the body")));
        Assert.Equal("order placed", state.ToString());
        Assert.Equal("order placed", state.Message);
    }
}

using System.Collections;
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
        var state = LogState.Rent("order placed", Attributes);

        Assert.Equal(4, state.Count);
        Assert.Equal(Attributes, Enumerable.Range(0, state.Count).Select(i => state[i]));
    }

    [Fact]
    public void Enumerators_YieldTheAttributesInOrder()
    {
        var state = LogState.Rent("order placed", Attributes);

        Assert.Equal(Attributes, state.ToArray());
        Assert.Equal(Attributes, ((IEnumerable)state).Cast<KeyValuePair<string, object?>>());
    }

    [Fact]
    public void NoAttributes_IsEmpty()
    {
        var state = LogState.Rent("started", null);

        Assert.Empty(state);
    }

    [Fact]
    public void LazySequence_IsEnumeratedOnce()
    {
        var enumerations = 0;
        IEnumerable<KeyValuePair<string, object?>> Lazy()
        {
            enumerations++;
            yield return new("a", 1);
            yield return new("b", 2);
        }

        var state = LogState.Rent("m", Lazy());

        Assert.Equal(["a", "b"], state.Select(a => a.Key));
        Assert.Equal(2, state.Count);
        Assert.Equal("b", state[1].Key);
        Assert.Equal(1, enumerations);
        state.Return();
    }

    [Fact]
    public void CopyTo_CopiesFromListsAndArrays()
    {
        var fromList = LogState.Rent("m", new List<KeyValuePair<string, object?>>(Attributes));
        var target = new KeyValuePair<string, object?>[Attributes.Length + 1];

        ((ICollection<KeyValuePair<string, object?>>)fromList).CopyTo(target, 1);

        Assert.Equal(Attributes, target.Skip(1));
        Assert.True(((ICollection<KeyValuePair<string, object?>>)fromList).Contains(Attributes[1]));
        Assert.True(((ICollection<KeyValuePair<string, object?>>)fromList).IsReadOnly);
        Assert.Throws<NotSupportedException>(() => ((ICollection<KeyValuePair<string, object?>>)fromList).Add(new("x", 1)));
        fromList.Return();
    }

    [Fact]
    public void Return_ThenRent_ReusesTheStateAndDropsTheOldReferences()
    {
        var first = LogState.Rent("first", Attributes);
        first.Return();

        Assert.Empty(first);
        Assert.Equal(string.Empty, first.Message);
        var second = LogState.Rent("second", null);
        Assert.Same(first, second);
        Assert.Equal("second", second.Message);
        second.Return();
    }

    [Fact]
    public void Rent_WhileInUse_GivesAnotherState()
    {
        var outer = LogState.Rent("outer", Attributes);
        var inner = LogState.Rent("inner", null);

        Assert.NotSame(outer, inner);
        Assert.Equal("outer", outer.Message);
        inner.Return();
        outer.Return();
    }

    [Fact]
    public void Rent_OnAnotherThread_GivesThatThreadsOwnState()
    {
        var here = LogState.Rent("here", null);
        here.Return();

        LogState? there = null;
        var thread = new Thread(() =>
        {
            there = LogState.Rent("there", null);
            there.Return();
        });
        thread.Start();
        thread.Join();

        Assert.NotNull(there);
        Assert.NotSame(here, there);
    }

    [Fact]
    public void FormatterAndToString_ReturnTheMessage()
    {
        var state = LogState.Rent("order placed", Attributes);

        Assert.Equal("order placed", LogState.Formatter(state, null));
        Assert.Equal("order placed", LogState.Formatter(state, new InvalidOperationException("not part of the body")));
        Assert.Equal("order placed", state.ToString());
        Assert.Equal("order placed", state.Message);
    }
}

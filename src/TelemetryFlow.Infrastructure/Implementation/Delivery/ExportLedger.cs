namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>
/// What became of the items of the export in progress for one signal. <c>ObservedExporter</c> opens it with the
/// batch's size around each call to the OTLP exporter; the <see cref="DeliveryHandler"/> below that call settles the
/// items, possibly in several parts (a request split under the size cap); the exporter then reads the tally.
/// </summary>
/// <remarks>
/// Both ends get the same instance through their constructors. Exports of one signal never overlap (the batch
/// processor has one export thread, and metric collections are serialized), so one tally per signal is enough; the
/// lock only makes the reads and writes from the exporter's thread and an async continuation visible to each other.
/// </remarks>
internal sealed class ExportLedger
{
    private static readonly int OutcomeCount = Enum.GetValues<ExportOutcome>().Length;

    private readonly Lock _gate = new();
    private readonly long[] _settled = new long[OutcomeCount];
    private long _items;

    /// <summary>Items in the batch being exported; 0 outside an export.</summary>
    public long Items
    {
        get
        {
            lock (_gate)
            {
                return _items;
            }
        }
    }

    /// <summary>Starts the tally of an export of <paramref name="items"/> items.</summary>
    public void Open(long items)
    {
        lock (_gate)
        {
            _items = items;
            Array.Clear(_settled);
        }
    }

    /// <summary>Records that <paramref name="items"/> of the export's items ended as <paramref name="outcome"/>.</summary>
    public void Settle(ExportOutcome outcome, long items)
    {
        lock (_gate)
        {
            _settled[(int)outcome] += items;
        }
    }

    /// <summary>Ends the export: how many items ended in each outcome (only outcomes with items), and those nobody settled.</summary>
    public (IReadOnlyList<(ExportOutcome Outcome, long Items)> Settled, long Unsettled) Close()
    {
        lock (_gate)
        {
            var settled = new List<(ExportOutcome, long)>(2);
            var total = 0L;
            for (var i = 0; i < _settled.Length; i++)
            {
                if (_settled[i] > 0)
                {
                    settled.Add(((ExportOutcome)i, _settled[i]));
                    total += _settled[i];
                }
            }

            var unsettled = Math.Max(0, _items - total);
            _items = 0;
            Array.Clear(_settled);
            return (settled, unsettled);
        }
    }
}

using System.Globalization;
using static TelemetryFlow.Application.Configuration.SettingMessages;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// Reads the appsettings <c>MetricViews</c> section: one child per instrument name (a <c>*</c> suffix matches a prefix),
/// each with the properties of <see cref="MetricView"/>. <c>"db.client.*": { "Drop": true }</c>,
/// <c>"orders.placed": { "Name": "shop.orders.placed", "AttributeKeys": [ "region" ] }</c>,
/// <c>"http.server.request.duration": { "Buckets": [ 0.01, 0.1, 1 ] }</c>, <c>"queue.wait": { "Aggregation": "Base2Exponential" }</c>.
/// </summary>
internal static class MetricViewsSection
{
    private static readonly string[] Properties = ["Meter", "Drop", "Name", "AttributeKeys", "Buckets", "Aggregation"];

    public static IEnumerable<MetricView> Read(
        string key,
        Func<string, string?> text,
        Func<string, IEnumerable<KeyValuePair<string, string?>>> children,
        Action<FormattableString> addError,
        Func<string, string> describe)
    {
        foreach (var (instrument, _) in children(key))
        {
            var path = $"{key}:{instrument}";
            var view = ReadView(instrument, path, text, children, addError, describe);
            if (view is not null)
            {
                yield return view;
            }
        }
    }

    private static MetricView? ReadView(
        string instrument,
        string path,
        Func<string, string?> text,
        Func<string, IEnumerable<KeyValuePair<string, string?>>> children,
        Action<FormattableString> addError,
        Func<string, string> describe)
    {
        var ok = true;
        foreach (var (property, _) in children(path))
        {
            if (!Properties.Contains(property, StringComparer.OrdinalIgnoreCase))
            {
                addError($"{describe(path)}:{RawName(property)} is not a metric view property; use {string.Join(", ", Properties)}.");
                ok = false;
            }
        }

        var drop = false;
        if (text($"{path}:Drop") is { } dropText && !SettingParsers.TryParseBoolean(dropText, out drop))
        {
            addError($"{describe(path)}:Drop={Raw(dropText)} is not valid; use {SettingParsers.BooleanForms}.");
            ok = false;
        }

        HistogramAggregation? aggregation = null;
        if (text($"{path}:Aggregation") is { } aggregationText)
        {
            if (SettingParsers.HistogramAggregationName.TryParse(aggregationText, out var parsed))
            {
                aggregation = parsed;
            }
            else
            {
                addError($"{describe(path)}:Aggregation={Raw(aggregationText)} is not valid; use {SettingParsers.HistogramAggregationName.Forms("Aggregation")}.");
                ok = false;
            }
        }

        List<double>? bounds = null;
        var boundTexts = Items($"{path}:Buckets", text, children);
        if (boundTexts.Count > 0)
        {
            bounds = [];
            foreach (var bound in boundTexts)
            {
                if (double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    bounds.Add(value);
                }
                else
                {
                    addError($"{describe(path)}:Buckets entry {Raw(bound)} is not a number.");
                    ok = false;
                }
            }
        }

        var keys = Items($"{path}:AttributeKeys", text, children);
        return ok
            ? new MetricView
            {
                Instrument = instrument,
                Meter = text($"{path}:Meter"),
                Drop = drop,
                Name = text($"{path}:Name"),
                AttributeKeys = keys.Count > 0 ? keys : null,
                HistogramBounds = bounds,
                Aggregation = aggregation,
            }
            : null;
    }

    // An array, or one comma-separated value.
    private static List<string> Items(string path, Func<string, string?> text, Func<string, IEnumerable<KeyValuePair<string, string?>>> children)
    {
        var fromArray = children(path).Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        return fromArray.Count > 0
            ? fromArray
            : [.. (text(path) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}

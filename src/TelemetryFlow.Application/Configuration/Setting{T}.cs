namespace TelemetryFlow.Application.Configuration;

/// <summary>A typed setting.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class Setting<T> : Setting
{
    /// <summary>Parses text; <see cref="SettingParsers"/> holds the shared ones.</summary>
    public required SettingParser<T> Parser { get; init; }

    /// <summary>The default, or <see langword="default"/> for none.</summary>
    public T? Default { get; init; }

    /// <summary>The range rule: returns the rest of the message ("is 0; it must be at least 1.") when the value is out of range.</summary>
    public Func<T, string?>? Range { get; init; }

    internal override object? DefaultValue => Default;

    internal override bool TryParse(string text, out object? value)
    {
        var parsed = Parser.TryParse(text, out var typed);
        value = typed;
        return parsed;
    }

    internal override string Forms(string name) => Parser.Forms(name);

    internal override string? Check(object value) => Range?.Invoke((T)value);
}

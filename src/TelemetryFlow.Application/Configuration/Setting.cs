namespace TelemetryFlow.Application.Configuration;

/// <summary>Where a value came from, in precedence order: a higher source wins over every lower one.</summary>
internal enum SettingSource
{
    Default,
    AppSettings,
    Environment,
    Code,
}

/// <summary>How a setting is written in appsettings: one value, a list (array or comma-separated text) or a section of pairs.</summary>
internal enum SettingShape
{
    Scalar,
    List,
    Map,
}

/// <summary>One value in a settings layer, with where it came from (an environment variable, an appsettings path, a builder method).</summary>
internal readonly record struct SettingValue(object? Value, SettingSource Source, string Origin);

/// <summary>
/// A setting as declared in <see cref="SettingCatalog"/>: its names in every source, its default, how its text is
/// parsed and the range it must fall in. Readers, validator, builder, CLI and the README table all work from these.
/// </summary>
internal abstract class Setting
{
    /// <summary>The setting's name: its appsettings key when it has one (<c>Endpoint</c>), the key in messages and sources.</summary>
    public required string Name { get; init; }

    /// <summary>How messages name the setting, for example <c>Batch scheduled delay</c>.</summary>
    public required string Label { get; init; }

    /// <summary>One line of documentation (the README's description column).</summary>
    public required string Summary { get; init; }

    /// <summary>The default as documented.</summary>
    public required string DefaultText { get; init; }

    /// <summary>Whether the <c>TelemetryFlow</c> appsettings section may set it (key <see cref="Name"/>).</summary>
    public bool InAppSettings { get; init; } = true;

    /// <summary>The environment variable, or <see langword="null"/> when only code or appsettings set it.</summary>
    public string? Variable { get; init; }

    /// <summary>Variables read, in order, when <see cref="Variable"/> is unset; same value forms.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>Standard OpenTelemetry variables that also set it, read by their own rules (documentation only).</summary>
    public IReadOnlyList<string> AlsoReadFrom { get; init; } = [];

    /// <summary>The builder method that sets it, for messages and the README.</summary>
    public string? Method { get; init; }

    /// <summary>The appsettings shape.</summary>
    public SettingShape Shape { get; init; } = SettingShape.Scalar;

    /// <summary>Every variable the environment reader may take this setting from, in the order it tries them.</summary>
    public IEnumerable<string> Variables => Variable is null ? Fallbacks : Fallbacks.Prepend(Variable);

    /// <summary>The default value of the defaults layer, or <see langword="null"/> for none.</summary>
    internal abstract object? DefaultValue { get; }

    /// <summary>Parses text from the named variable or key.</summary>
    internal abstract bool TryParse(string text, out object? value);

    /// <summary>The accepted forms, for a message about text read from <paramref name="name"/>.</summary>
    internal abstract string Forms(string name);

    /// <summary>The rest of the sentence after the label when <paramref name="value"/> is out of range, else <see langword="null"/>.</summary>
    internal abstract string? Check(object value);

    /// <summary>The variable or appsettings key a value was read from, else the variable that would set it.</summary>
    public string? OriginOf(SettingValue? value) =>
        value is { Source: SettingSource.Environment or SettingSource.AppSettings } read ? read.Origin : Variable;

    /// <summary>How a message names the value's origin (<see cref="OriginOf"/>) and the builder method.</summary>
    public string Where(SettingValue? value) => string.Join(", ", new[] { OriginOf(value), Method }.Where(part => part is not null));

    public override string ToString() => Name;
}

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

/// <summary>Parses setting text into a value, and says which forms it accepts (they may differ by source: <c>grpc</c> in a variable, <c>Grpc</c> in JSON).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="TryParse">The parser.</param>
/// <param name="Forms">The accepted forms for a message about the named variable or key.</param>
internal sealed record SettingParser<T>(SettingParser<T>.Parse TryParse, Func<string, string> Forms)
{
    /// <summary>Parses text.</summary>
    public delegate bool Parse(string text, out T value);
}

namespace TelemetryFlow.Application.Configuration;

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
        value is { Source: SettingSource.Environment or SettingSource.AppSettings or SettingSource.Host } read ? read.Origin : Variable;

    /// <summary>How a message names the value's origin (<see cref="OriginOf"/>) and the builder method.</summary>
    public string Where(SettingValue? value) => string.Join(", ", new[] { OriginOf(value), Method }.Where(part => part is not null));

    public override string ToString() => Name;
}

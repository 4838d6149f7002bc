namespace TelemetryFlow.Testing.Internal.View;

/// <summary>What a line of the view shows, so a terminal can colour it; plain text ignores it.</summary>
internal enum ViewStyle
{
    Heading,
    Span,
    ErrorSpan,
    Detail,
    Log,
    ErrorLog,
    Error,
}

/// <summary>One line of the view: its text, at most the width asked for, and its style.</summary>
internal readonly record struct ViewLine(string Text, ViewStyle Style);

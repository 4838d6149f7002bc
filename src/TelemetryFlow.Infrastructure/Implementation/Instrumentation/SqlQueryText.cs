using System.Text;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Makes SQL safe to export and names it, in one pass: <c>db.query.text</c> with every literal (string, number,
/// hex, <c>N'…'</c>) replaced by <c>?</c> and comments removed, and <c>db.query.summary</c> (OpenTelemetry's low-cardinality
/// span name for queries): the operations and the tables they touch, such as <c>SELECT Blogs</c> or
/// <c>INSERT Posts</c>. Parameters (<c>@p0</c>, <c>:name</c>, <c>$1</c>) and identifiers are kept.
/// </summary>
internal static class SqlQueryText
{
    /// <summary>OpenTelemetry's recommended bound on <c>db.query.summary</c>.</summary>
    public const int MaxSummaryLength = 255;

    private static readonly HashSet<string> Operations = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CREATE", "ALTER", "DROP", "TRUNCATE",
        "EXEC", "EXECUTE", "CALL", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
    };

    // Words after which the next name is the table (collection) an operation touches.
    private static readonly HashSet<string> TargetMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "EXEC", "EXECUTE", "CALL",
    };

    public static (string Text, string? Summary) Parse(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var summary = new StringBuilder();
        var expectTarget = false;

        // Whether the last token was a table name: a '.' after it continues the name (main.Blogs).
        var lastTarget = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i + 1) == '-')
            {
                i = SkipTo(sql, i, '\n');
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                text.Append(' ');
            }
            else if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
                text.Append('?');
                expectTarget = lastTarget = false;
            }
            else if (c is '"' or '`' or '[')
            {
                var end = SkipQuoted(sql, i, c == '[' ? ']' : c);
                text.Append(sql, i, end - i);
                Name(sql.Substring(i + 1, Math.Max(0, end - i - 2)));
                i = end;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(sql, i + 1))))
            {
                i = SkipNumber(sql, i);
                text.Append('?');
                expectTarget = lastTarget = false;
            }
            else if (IsWordStart(c))
            {
                var start = i++;
                while (i < sql.Length && IsWordPart(sql[i]))
                {
                    i++;
                }

                // N'…', E'…', X'…', B'…': a prefixed string literal, redacted with its prefix.
                if (i - start == 1 && At(sql, i) == '\'' && c is 'N' or 'n' or 'E' or 'e' or 'X' or 'x' or 'B' or 'b')
                {
                    i = SkipQuoted(sql, i, '\'');
                    text.Append('?');
                    expectTarget = lastTarget = false;
                    continue;
                }

                var word = sql.AsSpan(start, i - start);
                text.Append(word);
                Word(word.ToString(), c is '@' or ':' or '$');
            }
            else
            {
                text.Append(c);
                if (c == '.' && lastTarget)
                {
                    // A schema-qualified name: main.Blogs stays one name.
                    summary.Append('.');
                    expectTarget = true;
                    lastTarget = false;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    expectTarget = lastTarget = false;
                }

                i++;
            }
        }

        var result = summary.ToString().Trim();
        if (result.EndsWith('.'))
        {
            result = result.TrimEnd('.');
        }

        return (text.ToString().Trim(), result.Length == 0 ? null : result.Length > MaxSummaryLength ? result[..MaxSummaryLength] : result);

        void Word(string word, bool parameter)
        {
            var qualified = expectTarget && summary.Length > 0 && summary[^1] == '.';
            if (parameter)
            {
                expectTarget = lastTarget = false;
            }
            else if (qualified || !(Operations.Contains(word) || TargetMarkers.Contains(word)))
            {
                Name(word);
            }
            else
            {
                if (Operations.Contains(word))
                {
                    Append(word.ToUpperInvariant());
                }

                expectTarget = TargetMarkers.Contains(word);
                lastTarget = false;
            }
        }

        void Name(string name)
        {
            lastTarget = expectTarget;
            if (!expectTarget)
            {
                return;
            }

            if (summary.Length > 0 && summary[^1] == '.')
            {
                summary.Append(name);
            }
            else
            {
                Append(name);
            }

            expectTarget = false;
        }

        void Append(string part)
        {
            if (summary.Length > 0)
            {
                summary.Append(' ');
            }

            summary.Append(part);
        }
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsWordStart(char c) => char.IsLetter(c) || c is '_' or '@' or '#' or ':' or '$';

    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@' or '#' or '$';

    private static int SkipTo(string s, int i, char end)
    {
        var at = s.IndexOf(end, i);
        return at < 0 ? s.Length : at;
    }

    // From an opening quote to just past its closing quote; a doubled quote inside is an escaped one.
    private static int SkipQuoted(string s, int i, char close)
    {
        i++;
        while (i < s.Length)
        {
            if (s[i] == close)
            {
                if (At(s, i + 1) == close)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return s.Length;
    }

    private static int SkipNumber(string s, int i)
    {
        if (s[i] == '0' && At(s, i + 1) is 'x' or 'X')
        {
            i += 2;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]))
            {
                i++;
            }

            return i;
        }

        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c) || c == '.')
            {
                i++;
            }
            else if (c is 'e' or 'E' && (char.IsAsciiDigit(At(s, i + 1)) || (At(s, i + 1) is '+' or '-' && char.IsAsciiDigit(At(s, i + 2)))))
            {
                i += 2;
            }
            else
            {
                return i;
            }
        }

        return i;
    }
}

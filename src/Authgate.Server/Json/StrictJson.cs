using System.Text.Json;
using System.Text.Unicode;

namespace Authgate.Json;

/// <summary>
/// What every JSON body must satisfy before any parser sees it: valid UTF-8, no string (or property name) holding
/// an unpaired surrogate escape such as <c>"\ud800"</c>, and no object naming a property twice. Parsers disagree on
/// these (last-wins, first-wins, replacement characters, exceptions on write), so Authgate refuses them instead of
/// storing a document another reader would see differently or could not write back out.
/// </summary>
internal static class StrictJson
{
    /// <summary>Null when the document passes; otherwise what is wrong, naming the property where there is one.</summary>
    /// <remarks>Syntax errors are left to the real parser, which reports them in its endpoint's words.</remarks>
    public static string? FindProblem(ReadOnlySpan<byte> json, int maxDepth = 64)
    {
        if (!Utf8.IsValid(json))
        {
            return "The body is not valid UTF-8.";
        }

        // Lenient on syntax (comments, trailing commas) so what a lenient parser accepts is still checked here.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var objects = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (ReadString(ref reader) is not { } name)
                        {
                            return "A property name holds an unpaired surrogate.";
                        }

                        if (!objects.Peek().Add(name))
                        {
                            return $"Duplicate property: {Shorten(name)}.";
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        if (ReadString(ref reader) is null)
                        {
                            return "A string holds an unpaired surrogate.";
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16 (every surrogate paired).</summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            var value = reader.GetString()!;
            return IsWellFormed(value) ? value : null;
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape some invalid sequences itself.
            return null;
        }
    }

    private static string Shorten(string name) => name.Length > 64 ? name[..64] + "…" : name;
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Json;

/// <summary>
/// Reads JSON documents stored in text columns (metadata, connection options, log details) for a response or a
/// merge, defensively: a row an older version stored with an unpaired surrogate escape (<c>"\ud800"</c>), or that
/// no longer parses, must never make a read or a listing fail for everybody. Such code units come back as U+FFFD;
/// a document that does not parse at all comes back as an empty object.
/// </summary>
internal static class StoredJson
{
    public static JsonNode? Parse(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Repair(stored) ?? stored);
        }
        catch (JsonException)
        {
            return new JsonObject();
        }
    }

    /// <summary>A stored object, or an empty one when the row holds something else.</summary>
    public static JsonObject ParseObject(string? stored) => Parse(stored) as JsonObject ?? new JsonObject();

    /// <summary>The document rewritten without unpaired surrogates, or null when it is clean already (or not JSON).</summary>
    public static string? Repair(string stored)
    {
        if (StrictJson.IsWellFormed(stored) && !HasSurrogateEscape(stored))
        {
            return null;
        }

        try
        {
            var buffer = new ArrayBufferWriter<byte>(stored.Length + 16);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stored), new JsonReaderOptions { MaxDepth = 256 });
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                        case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                        case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                        case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                        case JsonTokenType.PropertyName: writer.WritePropertyName(Text(ref reader)); break;
                        case JsonTokenType.String: writer.WriteStringValue(Text(ref reader)); break;
                        case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                        case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                        case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                        case JsonTokenType.Null: writer.WriteNullValue(); break;
                    }
                }
            }

            var repaired = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return repaired == stored ? null : repaired;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HasSurrogateEscape(string text)
    {
        for (var i = text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase); i >= 0 && i + 3 < text.Length; i = text.IndexOf("\\u", i + 2, StringComparison.OrdinalIgnoreCase))
        {
            if (text[i + 2] is 'd' or 'D' && text[i + 3] is >= '8' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string's value with unpaired surrogates replaced; unescaped by hand when the library refuses.</summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return Clean(reader.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return Clean(Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
        }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var escape = text[++i];
            switch (escape)
            {
                case 'u' when i + 4 < text.Length && ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    result.Append((char)code);
                    i += 4;
                    break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                default: result.Append(escape); break;
            }
        }

        return result.ToString();
    }

    private static string Clean(string text)
    {
        if (StrictJson.IsWellFormed(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}

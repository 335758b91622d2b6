using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebDemo.Embedding.OpenAi;

/// <summary>Reads <c>input</c> as OpenAI accepts it: a string or an array of strings. Anything else is a clear error.</summary>
public sealed class EmbeddingInputConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException(reader.TokenType == JsonTokenType.Number
                            ? $"Item {items.Count} of 'input' is a number: token arrays are not supported, send text."
                            : $"Item {items.Count} of 'input' must be a string, not {Describe(reader.TokenType)}.");
                    }
                    items.Add(reader.GetString()!);
                }
                return items;
            default:
                throw new JsonException($"'input' must be a string or an array of strings, not {Describe(reader.TokenType)}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };
}

using System.Text.Json.Serialization;

namespace Authgate.OAuth;

/// <summary>Source-generated serializers for the protocol bodies written on every request.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ProtocolJson : JsonSerializerContext;

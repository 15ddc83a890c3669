namespace Authgate.Scripting;

/// <summary>What a script's <c>fetch</c> received: the final response after any redirects, with its whole body.</summary>
internal sealed record FetchResponse(int Status, string StatusText, string Url, bool Redirected, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

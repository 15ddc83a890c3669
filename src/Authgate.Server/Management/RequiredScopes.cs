namespace Authgate.Management;

/// <summary>Endpoint metadata: the token needs any one of these scopes (Auth0: "expected any of").</summary>
internal sealed record RequiredScopes(string[] Scopes);

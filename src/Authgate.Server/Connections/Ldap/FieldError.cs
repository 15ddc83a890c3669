namespace Authgate.Connections.Ldap;

/// <summary>One invalid option: the property path under <c>options</c> and what is wrong with it.</summary>
internal sealed record FieldError(string Field, string Message);

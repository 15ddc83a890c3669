namespace Authgate.Connections.Ldap;

/// <summary>A user entry found by the service account's search: its DN, stable id and the attributes asked for.</summary>
internal sealed record LdapEntry(string Dn, string StableId, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> Groups, bool Disabled);

namespace Authgate.Connections.Ldap;

/// <summary>The directory did not answer in time, refused the connection or its TLS, or rejected the service account.</summary>
internal sealed class LdapUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

namespace Authgate.Connections.Ldap;

/// <summary>What the directory said about a name and password.</summary>
internal enum LdapVerdict
{
    NotFound,
    WrongPassword,
    /// <summary>The password is right but the account may not sign in (disabled, expired, locked).</summary>
    Disabled,
    Success,
}

/// <summary>The directory's answer, with the entry when one was found.</summary>
internal sealed record LdapCheck(LdapVerdict Verdict, LdapEntry? Entry);

namespace Authgate.Connections.Hashes;

/// <summary>The kinds of stored password hash, told apart by their prefix (<see cref="HashFormats.Detect"/>).</summary>
internal enum HashFormat
{
    Unknown,
    /// <summary><c>$argon2id$</c>: Authgate's own format; other parameters than the configured ones ask for a rehash.</summary>
    Argon2id,
    /// <summary><c>$argon2i$</c> or <c>$argon2d$</c>, imported.</summary>
    Argon2Other,
    /// <summary><c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c> (Auth0's own export and bulk-import <c>password_hash</c>).</summary>
    Bcrypt,
    /// <summary><c>$pbkdf2-&lt;digest&gt;$i=…,l=…$salt$hash</c> (Auth0's PHC form).</summary>
    Pbkdf2,
    /// <summary><c>$ag-md4$</c> … <c>$ag-sha512$</c>: a plain digest of salt and password (Authgate's form of Auth0's md4/md5/sha*).</summary>
    Digest,
    /// <summary><c>$ag-hmac-&lt;digest&gt;$</c>: an HMAC of the (salted) password.</summary>
    Hmac,
    /// <summary><c>$ag-scrypt$</c>.</summary>
    Scrypt,
    /// <summary><c>$ag-bcrypt$</c>: bcrypt over a salted password.</summary>
    SaltedBcrypt,
    /// <summary>RFC 2307 <c>userPassword</c>: <c>{SSHA}</c>, <c>{SHA}</c>, <c>{MD5}</c>, <c>{SMD5}</c>, <c>{SHA256}</c> …</summary>
    Ldap,
}

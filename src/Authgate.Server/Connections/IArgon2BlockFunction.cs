namespace Authgate.Connections;

/// <summary>
/// Argon2's block function G (RFC 9106, section 3.5) for <see cref="Argon2idSimd"/>: a type parameter, so each vector
/// width gets its own copy of the fill loop with the compression inlined, and tests can run either.
/// </summary>
internal unsafe interface IArgon2BlockFunction
{
    /// <summary>next = P(prev ^ ref) ^ (prev ^ ref), XORed into next when <paramref name="withXor"/> (passes after the first).</summary>
    static abstract void FillBlock(ulong* previous, ulong* reference, ulong* next, bool withXor);
}

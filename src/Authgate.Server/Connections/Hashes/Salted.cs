namespace Authgate.Connections.Hashes;

/// <summary>
/// Authgate's stored form of a salted imported hash:
/// <c>$ag-&lt;alg&gt;$p=prefix|suffix,e=&lt;password encoding&gt;[,k=&lt;B64 HMAC key&gt;][,n=…,r=…,s=…]$&lt;B64 salt&gt;$&lt;B64 hash&gt;</c>.
/// </summary>
internal sealed record Salted(string Algorithm, string Position, string Encoding, byte[] Key, int N, int R, int P, byte[] Salt, byte[] Hash)
{
    public static Salted Parse(string stored)
    {
        var phc = PhcString.Parse(stored);
        if (phc.Parts.Count != 5 || !phc.Id.StartsWith("ag-", StringComparison.Ordinal))
        {
            throw new FormatException("Not an Authgate salted hash.");
        }

        var id = phc.Id[3..];
        var parameters = phc.Parameters(2);
        var position = parameters.GetValueOrDefault("p", "prefix");
        if (position is not ("prefix" or "suffix"))
        {
            throw new FormatException("Bad salt position.");
        }

        var encoding = parameters.GetValueOrDefault("e", "utf8");
        _ = PasswordEncodings.Get(encoding);
        return new Salted(
            id.StartsWith("hmac-", StringComparison.Ordinal) ? id[5..] : id,
            position,
            encoding,
            parameters.TryGetValue("k", out var key) ? PhcString.DecodeB64(key) : [],
            PhcString.Integer(parameters, "n", 16384),
            PhcString.Integer(parameters, "r", 8),
            PhcString.Integer(parameters, "s", 1),
            phc.Parts[3].Length == 0 ? [] : PhcString.DecodeB64(phc.Parts[3]),
            PhcString.DecodeB64(phc.Parts[4]));
    }

    public string Format()
    {
        var parameters = $"p={Position},e={Encoding}";
        if (Key.Length > 0)
        {
            parameters += ",k=" + PhcString.EncodeB64(Key);
        }

        if (Algorithm == "scrypt")
        {
            parameters += $",n={N},r={R},s={P}";
        }

        var id = Key.Length > 0 ? "hmac-" + Algorithm : Algorithm;
        return $"$ag-{id}${parameters}${PhcString.EncodeB64(Salt)}${PhcString.EncodeB64(Hash)}";
    }
}

using System.Text;

namespace Authgate.Connections.Ldap;

/// <summary>Search filters with the typed name inserted as an RFC 4515 assertion value, so it can only ever be a value.</summary>
internal static class LdapFilter
{
    public const string DefaultUserFilter = "(|(uid={0})(mail={0})(sAMAccountName={0}))";

    /// <summary>Escapes <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL as <c>\XX</c> (RFC 4515 §3).</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => builder.Append(@"\2a"),
                '(' => builder.Append(@"\28"),
                ')' => builder.Append(@"\29"),
                '\\' => builder.Append(@"\5c"),
                '\0' => builder.Append(@"\00"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>The template with every <c>{0}</c> replaced by the escaped name.</summary>
    public static string Build(string template, string name) => template.Replace("{0}", Escape(name), StringComparison.Ordinal);

    /// <summary>Whether <paramref name="filter"/> is one parenthesised filter with balanced parentheses.</summary>
    public static bool IsWellFormed(string filter)
    {
        if (filter.Length < 3 || filter[0] != '(' || filter[^1] != ')')
        {
            return false;
        }

        var depth = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            depth += filter[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0 || (depth == 0 && i != filter.Length - 1))
            {
                return false;
            }
        }

        return depth == 0;
    }
}

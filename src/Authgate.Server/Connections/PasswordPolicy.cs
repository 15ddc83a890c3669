namespace Authgate.Connections;

/// <summary>
/// Auth0's password strength levels. A connection without <c>passwordPolicy</c> uses <c>good</c>. Any character
/// that is not a letter or a digit (a space included) counts as a special character.
/// </summary>
internal static class PasswordPolicy
{
    public const string Default = "good";

    public static readonly IReadOnlySet<string> Levels = new HashSet<string>(StringComparer.Ordinal) { "none", "low", "fair", "good", "excellent" };

    /// <summary>Returns null when <paramref name="password"/> satisfies the policy, otherwise why not.</summary>
    public static string? Check(string password, ConnectionOptions options)
    {
        var level = options.PasswordPolicy ?? Default;
        var minLength = level switch
        {
            "none" => 1,
            "low" => 6,
            "fair" or "good" => 8,
            "excellent" => 10,
            _ => 8,
        };
        minLength = Math.Max(minLength, options.PasswordComplexityOptions?.MinLength ?? 0);
        if (password.Length < minLength)
        {
            return $"PasswordStrengthError: Password is too weak (at least {minLength} characters).";
        }

        bool lower = false, upper = false, digit = false, special = false;
        foreach (var c in password)
        {
            lower |= char.IsLower(c);
            upper |= char.IsUpper(c);
            digit |= char.IsDigit(c);
            special |= !char.IsLetterOrDigit(c);
        }

        var kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0);
        var ok = level switch
        {
            "fair" => lower && upper && digit,
            "good" => kinds >= 3,
            "excellent" => kinds >= 3 && !HasRunOfThree(password),
            _ => true,
        };
        return ok ? null : $"PasswordStrengthError: Password is too weak (policy '{level}').";
    }

    private static bool HasRunOfThree(string password)
    {
        for (var i = 2; i < password.Length; i++)
        {
            if (password[i] == password[i - 1] && password[i] == password[i - 2])
            {
                return true;
            }
        }

        return false;
    }
}

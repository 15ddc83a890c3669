using System.Diagnostics.CodeAnalysis;

namespace Authgate.Admin;

/// <summary>A value or an <see cref="AdminError"/>: expected failures are values, not exceptions.</summary>
internal readonly record struct AdminResult<T>(T? Value, AdminError? Error) where T : class
{
    public static implicit operator AdminResult<T>(T value) => new(value, null);

    public static implicit operator AdminResult<T>(AdminError error) => new(null, error);

    public bool TryGet([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out AdminError? error)
    {
        value = Value;
        error = Value is null ? Error ?? new AdminError(500, "No value.", null) : null;
        return Value is not null;
    }
}

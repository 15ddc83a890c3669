namespace Authgate.Cli;

/// <summary>A command that cannot be carried out: its message is printed and the process exits with code 2.</summary>
internal sealed class CommandException(string message) : Exception(message);

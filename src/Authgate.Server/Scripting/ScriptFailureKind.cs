namespace Authgate.Scripting;

/// <summary>Why an execution did not complete.</summary>
internal enum ScriptFailureKind
{
    /// <summary>The script threw, rejected its promise, or passed an error to its callback.</summary>
    Error,
    Timeout,
    StatementLimit,
    MemoryLimit,
    RecursionLimit,
    /// <summary>No execution slot became free in time; the script did not run.</summary>
    Busy,
    /// <summary>The entry point is missing or not a function.</summary>
    NoEntryPoint,
    /// <summary>The caller gave up (the request was aborted).</summary>
    Cancelled,
}

namespace Authgate.Scripting;

/// <summary>Why a script's <c>fetch</c> failed, in words fit for the script (it becomes <c>TypeError: fetch failed: …</c>).</summary>
internal sealed class FetchFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

using Jint;
using Jint.Native.Object;

namespace Authgate.Scripting;

/// <summary>
/// A plain JS object whose properties are put in place the first time anything looks at it (a read, a write,
/// <c>Object.keys</c>, <c>JSON.stringify</c>, <c>in</c>…), through the same hook Jint uses for its own built-ins.
/// Until then it costs one allocation. Scripts touch two or three of the event's members and of the <c>api</c>'s
/// namespaces; building the others (JSON conversions, dozens of host functions) was most of an execution's cost.
/// Once filled it is an ordinary object: data properties, writable, enumerable, configurable.
/// </summary>
internal sealed class LazyObject : ObjectInstance
{
    private Action<ObjectInstance>? fill;

    public LazyObject(Engine engine, Action<ObjectInstance> fill) : base(engine) => this.fill = fill;

    protected override void Initialize()
    {
        // Cleared first: a fill that reads its own object must not run twice.
        var pending = fill;
        fill = null;
        pending?.Invoke(this);
    }
}

using System.Text.RegularExpressions;

namespace WebDemo.Api.Diagnostics.StackCapture;

/// <summary>
/// Turns a runtime method name (<c>Namespace.Type+Nested.Method(signature)</c>) into what a reader of the code would call
/// it: <c>BlockingStrategy.Handle</c>, <c>OffloadedStrategy.Handle lambda</c>, <c>AsyncStrategy.Handle (async)</c>.
/// </summary>
public static partial class FrameNames
{
    public const string AsyncSuffix = " (async)";

    public static string Display(string fullMethodName)
    {
        var name = fullMethodName;
        var signature = name.IndexOf('(', StringComparison.Ordinal);
        if (signature > 0)
        {
            name = name[..signature];
        }
        var split = LastDotOutsideBrackets(name);
        if (split < 0)
        {
            return name;
        }
        var (type, method) = (name[..split], name[(split + 1)..]);
        type = ShortTypeName(type);

        // Async methods run as a state machine's MoveNext; lambdas as <Outer>b__N on a closure class.
        var stateMachine = StateMachineType().Match(type);
        if (stateMachine.Success && method == "MoveNext")
        {
            return $"{stateMachine.Groups["outer"].Value}.{stateMachine.Groups["method"].Value}{AsyncSuffix}";
        }
        var lambda = LambdaMethod().Match(method);
        if (lambda.Success)
        {
            return $"{ClosureType().Replace(type, "")}.{lambda.Groups["method"].Value} lambda";
        }
        return $"{type}.{method}";
    }

    // "System.Threading.Tasks.Task`1[System.__Canon]" → "Task"; nested types keep their outer type: "PortableThreadPool+WorkerThread".
    private static string ShortTypeName(string type)
    {
        type = GenericArguments().Replace(type, "");
        var lastDot = LastDotOutsideBrackets(type);
        return lastDot < 0 ? type : type[(lastDot + 1)..];
    }

    private static int LastDotOutsideBrackets(string name)
    {
        var depth = 0;
        for (var i = name.Length - 1; i >= 0; i--)
        {
            switch (name[i])
            {
                case ']' or '>': depth++; break;
                case '[' or '<': depth--; break;
                case '.' when depth == 0: return i;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"`\d+(\[.*\])?")]
    private static partial Regex GenericArguments();

    [GeneratedRegex(@"^(?<outer>.+)\+<(?<method>[^>]+)>d__\d+$")]
    private static partial Regex StateMachineType();

    [GeneratedRegex(@"^<(?<method>[^>]+)>b__")]
    private static partial Regex LambdaMethod();

    [GeneratedRegex(@"\+<>c(__DisplayClass[\d_]+)?$")]
    private static partial Regex ClosureType();
}

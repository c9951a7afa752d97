using System.Globalization;

namespace ProgressKit.Benchmarks.Shared;

/// <summary>Reads <c>--name value</c> options of a custom run.</summary>
internal static class RunArguments
{
    public static int Int(string[] args, string name, int defaultValue)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length
            ? int.Parse(args[index + 1], CultureInfo.InvariantCulture)
            : defaultValue;
    }
}

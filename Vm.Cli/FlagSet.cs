namespace Vm.Cli;

/// <summary>Thrown for a command-line usage error; the CLI prints it with the command's usage and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Go-style flags (<c>-o file</c>, <c>-o=file</c>, <c>--o file</c>, <c>-v</c>), which unlike Go's
/// flag package may also follow the positional arguments (<c>govm asm p.gobs -o p.gobc</c>, as
/// the brief writes it). <c>--</c> ends the flags.
/// </summary>
public sealed class FlagSet
{
    sealed class Flag(string name, string usage, bool isBool, string? def)
    {
        public string Name = name, Usage = usage;
        public bool IsBool = isBool;
        public string? Default = def;
        public string? Value;
    }

    readonly List<Flag> _flags = [];
    public List<string> Args { get; } = [];

    public void String(string name, string usage, string? def = null) => _flags.Add(new(name, usage, false, def));
    public void Bool(string name, string usage) => _flags.Add(new(name, usage, true, null));

    public string? Get(string name) => Find(name)!.Value ?? Find(name)!.Default;
    public bool IsSet(string name) => Find(name)!.Value is not null;
    public bool GetBool(string name) => Find(name)!.Value == "true";

    Flag? Find(string name) => _flags.Find(f => f.Name == name);

    /// <summary>Parses <paramref name="args"/>; returns false if help was asked for.</summary>
    public bool Parse(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--") { for (i++; i < args.Count; i++) Args.Add(args[i]); break; }
            if (a.Length < 2 || a[0] != '-') { Args.Add(a); continue; }
            string body = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a[1..];
            string name = body, value = "";
            bool hasValue = false;
            int eq = body.IndexOf('=');
            if (eq >= 0) { name = body[..eq]; value = body[(eq + 1)..]; hasValue = true; }
            if (name is "h" or "help") return false;
            var f = Find(name) ?? throw new UsageException($"flag provided but not defined: -{name}");
            if (f.IsBool)
            {
                if (hasValue && value is not ("true" or "false" or "1" or "0"))
                    throw new UsageException($"invalid boolean value \"{value}\" for -{name}");
                f.Value = !hasValue || value is "true" or "1" ? "true" : "false";
                continue;
            }
            if (!hasValue)
            {
                if (i + 1 >= args.Count) throw new UsageException($"flag needs an argument: -{name}");
                value = args[++i];
            }
            f.Value = value;
        }
        return true;
    }

    public void PrintDefaults(TextWriter w)
    {
        foreach (var f in _flags)
        {
            w.WriteLine(f.IsBool ? $"  -{f.Name}" : $"  -{f.Name} value");
            w.WriteLine($"    \t{f.Usage}{(f.Default is null ? "" : $" (default \"{f.Default}\")")}");
        }
    }
}

using System.Diagnostics;

namespace Perf;

/// <summary>
/// A Go program built by native Go (<c>go build</c>, Go 1.19 at /usr/bin/go) into a temporary directory of its own
/// (GOCACHE inside it, GO111MODULE=off), for the benchmarks that put native Go beside govm's tiers; removed on
/// Dispose. <see cref="Run"/> runs the binary as a process and returns what it printed to stderr (println's
/// stream), for comparing outputs before anything is timed and as the timed "native Go process" column.
/// </summary>
sealed class NativeGo : IDisposable
{
    readonly string _dir;
    readonly string _binary;
    readonly Dictionary<string, string> _env;

    public NativeGo(string source, Dictionary<string, string>? env = null)
    {
        _env = env ?? [];
        _dir = Directory.CreateTempSubdirectory("govm-native-").FullName;
        File.WriteAllText(Path.Combine(_dir, "prog.go"), source);
        _binary = Path.Combine(_dir, "prog");
        var go = Process.Start(new ProcessStartInfo("go", $"build -o {_binary} prog.go")
        {
            WorkingDirectory = _dir, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["GOCACHE"] = Path.Combine(_dir, "cache"), ["GO111MODULE"] = "off" },
        })!;
        string err = go.StandardError.ReadToEnd();
        go.WaitForExit();
        if (go.ExitCode != 0) throw new InvalidOperationException("go build failed: " + err);
    }

    public string Run()
    {
        var psi = new ProcessStartInfo(_binary) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in _env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        string s = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return s;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

using System.Runtime.InteropServices;

namespace ProgressKit.LocalServers;

/// <summary>Sends SIGTERM, which the BCL cannot (Process.Kill sends SIGKILL, and servers then skip their cleanup).</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop; returns false where signals do not exist or the process is gone.</summary>
    public static bool TryTerminate(int processId) =>
        !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

namespace ProgressKit.LocalServers;

/// <summary>What a command that ran to completion printed, and how it exited.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);

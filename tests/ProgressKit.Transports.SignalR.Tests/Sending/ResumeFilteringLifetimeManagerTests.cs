using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ProgressKit.Transports.SignalR.Sending;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

/// <summary>
/// The resume gate reads other processes' events from the JSON hub protocol's frames only: a connection with another
/// protocol behind a backplane is warned about once (log 2022), since the seam is then not filtered for it.
/// </summary>
public sealed class ResumeFilteringLifetimeManagerTests
{
    [Fact]
    public async Task ConnectionsWithAnotherProtocolBehindABackplane_AreWarnedAboutOnce()
    {
        var logger = new RecordingLogger();
        var gate = new ResumeGate();

        // Any manager but SignalR's own stands for a backplane here.
        var backplane = new ResumeFilteringLifetimeManager(DefaultManager(), gate, NullLogger.Instance);
        var manager = new ResumeFilteringLifetimeManager(backplane, gate, logger);

        await manager.OnConnectedAsync(Connection("c1", new NamedProtocol("messagepack")));
        await manager.OnConnectedAsync(Connection("c2", new NamedProtocol("messagepack")));
        await manager.OnConnectedAsync(Connection("c3", new JsonHubProtocol()));

        logger.Entries.Should().ContainSingle().Which.Should().Match<(EventId Id, LogLevel Level, string Message)>(
            e => e.Id.Id == 2022 && e.Level == LogLevel.Warning && e.Message.Contains("'messagepack'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherProtocolWithSignalRsOwnManager_IsNotWarnedAbout()
    {
        var logger = new RecordingLogger();
        var manager = new ResumeFilteringLifetimeManager(DefaultManager(), new ResumeGate(), logger);

        await manager.OnConnectedAsync(Connection("c1", new NamedProtocol("messagepack")));

        logger.Entries.Should().BeEmpty("this node's own sends reach the gate as messages, whatever the protocol");
    }

    private static DefaultHubLifetimeManager<ProgressHub> DefaultManager() =>
        new(NullLogger<DefaultHubLifetimeManager<ProgressHub>>.Instance);

    private static HubConnectionContext Connection(string id, IHubProtocol protocol) =>
        new(new DefaultConnectionContext(id), new HubConnectionContextOptions(), NullLoggerFactory.Instance) { Protocol = protocol };

    private sealed class NamedProtocol(string name) : IHubProtocol
    {
        public string Name => name;

        public int Version => 1;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool IsVersionSupported(int version) => true;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) => throw new NotSupportedException();

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => throw new NotSupportedException();

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => throw new NotSupportedException();
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(EventId Id, LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId, logLevel, formatter(state, exception)));
    }
}

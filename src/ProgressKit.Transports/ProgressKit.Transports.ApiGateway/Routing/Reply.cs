using System.Text;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>Route responses that carry a control reply to the client (status 200, so API Gateway forwards the body).</summary>
internal static class Reply
{
    public static RouteResponse None { get; } = new(200);

    public static RouteResponse Subscribed(string jobId, ProgressEvent? snapshot) =>
        Body(ProgressEventSerializer.SerializeToUtf8Bytes(new SubscribedReply(jobId, snapshot)));

    public static RouteResponse Status(string jobId, ProgressEvent? snapshot) =>
        Body(ProgressEventSerializer.SerializeToUtf8Bytes(new StatusReply(jobId, snapshot)));

    public static RouteResponse Error(ErrorReply error) => Body(ProgressEventSerializer.SerializeToUtf8Bytes(error));

    private static RouteResponse Body(byte[] utf8) => new(200, Encoding.UTF8.GetString(utf8));
}

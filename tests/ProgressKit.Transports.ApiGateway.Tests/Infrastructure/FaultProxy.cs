using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>
/// A small HTTP proxy in front of the management API or DynamoDB (or alone) that records every request and, by script, answers
/// some with a fault (a status such as 403, 413, 429, 5xx, or a delay beyond the client's timeout) instead of
/// forwarding them. The emulator checks no signatures and lacks GET, so those are tested here.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forwarder = new();
    private readonly ConcurrentQueue<Fault> _next = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Uri? _upstream;

    private FaultProxy(WebApplication app, Uri url, Uri? upstream)
    {
        _app = app;
        Url = url;
        _upstream = upstream;
    }

    /// <summary>Gets the proxy's base URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Gets or sets a rule asked for every request that no queued fault answers; null forwards.</summary>
    public Func<RecordedRequest, Fault?>? Rule { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    private readonly List<(Func<IReadOnlyList<RecordedRequest>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Completes once the recorded requests satisfy <paramref name="condition"/> (checked on every request).</summary>
    public Task WaitForRequestsAsync(Func<IReadOnlyList<RecordedRequest>, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((condition, done));
        }

        Signal();
        return done.Task.WithTimeout();
    }

    private void Signal()
    {
        var requests = Requests;
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition(requests)).ToArray())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Answers the next requests, one fault each, in order.</summary>
    public void Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _next.Enqueue(fault);
        }
    }

    /// <summary>Forgets queued faults, the rule and the recorded requests (between tests sharing the proxy).</summary>
    public void Reset()
    {
        _next.Clear();
        _requests.Clear();
        Rule = null;
        lock (_waiters)
        {
            _waiters.Clear();
        }
    }

    public static async Task<FaultProxy> StartAsync(Uri? upstream = null)
    {
        FaultProxy? proxy = null;
        var (app, url) = await LoopbackWebApp.StartAsync(app => app.Run(ctx => proxy!.HandleAsync(ctx)));
        proxy = new FaultProxy(app, url, upstream) { Url = url };
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var recorded = new RecordedRequest(
            context.Request.Method,
            rawTarget,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        _requests.Enqueue(recorded);
        Signal();

        var fault = _next.TryDequeue(out var queued) ? queued : Rule?.Invoke(recorded);
        if (fault is not null)
        {
            if (fault.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = fault.StatusCode;
            if (fault.ErrorType is not null)
            {
                context.Response.Headers["x-amzn-ErrorType"] = fault.ErrorType;
            }

            if (fault.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body);
            }

            return;
        }

        if (_upstream is null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(recorded.Method), new Uri(_upstream, rawTarget.TrimStart('/')))
        {
            Content = recorded.Method == "GET" ? null : new ByteArrayContent(recorded.Body),
        };

        // The request's own headers too (DynamoDB names its operation in X-Amz-Target), but not the hop's.
        foreach (var (name, value) in context.Request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value.ToString());
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                forward.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        using var answer = await _forwarder.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await answer.Content.CopyToAsync(context.Response.Body);
    }
}

/// <summary>One request the proxy saw: the raw (still URL-encoded) target, lower-cased headers and the body.</summary>
internal sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>How the proxy answers instead of forwarding: after <paramref name="Delay"/>, with the status.</summary>
internal sealed record Fault(int StatusCode, TimeSpan Delay = default, string? ErrorType = null, string? Body = null);

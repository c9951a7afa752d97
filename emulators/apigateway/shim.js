'use strict';
// Lambda handler for every route of serverless.yml: forwards the API Gateway WebSocket event as JSON to
// PK_BACKEND_URL (the C# handler under test) and returns that endpoint's reply as the Lambda result
// ({statusCode, body?}). This is the same event a real HTTP_PROXY integration or Lambda would hand the handler.
exports.handler = async (event) => {
  // Fidelity fixes for serverless-offline 13.9.0:
  // 1. an unmatched {"action":"x"} reaches $default with routeKey "x"; AWS says "$default".
  if (process.env.PK_ROUTE === '$default' && event.requestContext) event.requestContext.routeKey = '$default';
  // 2. binary frames arrive as a Uint8Array (JSON: {"0":1,...}); AWS hands them on as base64.
  if (event.body != null && typeof event.body === 'object') {
    event.body = Buffer.from(Object.values(event.body)).toString('base64');
    event.isBase64Encoded = true;
  }
  const res = await fetch(process.env.PK_BACKEND_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  const text = await res.text();
  // A throw becomes 502 on $connect and an "Internal server error" frame on other routes, as on AWS.
  if (!res.ok) throw new Error(`backend ${res.status}: ${text}`);
  return text ? JSON.parse(text) : { statusCode: 200 };
};

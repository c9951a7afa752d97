'use strict';
// Reference SigV4 signer for tests: reads one JSON request from stdin and prints the Authorization header that
// npm aws4 computes for exactly that request, so C# tests can check AWSSDK.Core's signer against an independent
// implementation (a future SDK change must not silently break signing).
// Input: {method, host, path (URL-encoded path and query), region, service, headers: {..., "x-amz-date": ...},
//         body, accessKeyId, secretAccessKey, sessionToken?}
// "Exactly": aws4 adds no header of its own (no Content-Type, Content-Length or X-Amz-Security-Token), so pass
// every header that the other signer signed, with the same values.
const aws4 = require('aws4');

function sign(req) {
  const headers = Object.assign({}, req.headers);
  const date = headers['x-amz-date'] || headers['X-Amz-Date'];
  if (!date) throw new Error('headers must contain x-amz-date');
  const signer = new aws4.RequestSigner(
    {
      method: req.method,
      host: req.host,
      path: req.path,
      region: req.region,
      service: req.service,
      headers,
      body: req.body || '',
      doNotModifyHeaders: true,
    },
    { accessKeyId: req.accessKeyId, secretAccessKey: req.secretAccessKey, sessionToken: req.sessionToken || undefined },
  );
  // With doNotModifyHeaders aws4 would sign with the current time; the request's own x-amz-date must win.
  signer.datetime = date;
  return signer.sign().headers.Authorization;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  try {
    process.stdout.write(sign(JSON.parse(input)) + '\n');
  } catch (e) {
    process.stderr.write(`aws4-sign: ${e.message}\n`);
    process.exit(1);
  }
});

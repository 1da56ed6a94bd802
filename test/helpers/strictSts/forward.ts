import * as http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface ForwardedAnswer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

/** Hop-by-hop headers, and those that describe the body as it travelled to us rather than as we send it on. */
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'expect',
  'content-length',
  'proxy-connection',
  'upgrade',
]);

/**
 * Passes a request on to moto as it came, byte for byte, except: `actAs` puts another access key id in the SigV4
 * credential scope (moto attributes the call to that key; in its default mode it checks no signature), and `account`
 * names moto's account for keys moto does not know (sessions the stand-in made itself).
 */
export function forwardToMoto(
  motoUrl: string,
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  options: { actAs?: string; account?: string } = {},
): Promise<ForwardedAnswer> {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = value;
  headers['content-length'] = request.body.length;
  if (options.actAs && typeof headers.authorization === 'string')
    headers.authorization = headers.authorization.replace(/Credential=[^/]+\//, `Credential=${options.actAs}/`);
  if (options.account) headers['x-moto-account-id'] = options.account;
  const target = new URL(motoUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answerHeaders: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined && !NOT_FORWARDED.has(name)) answerHeaders[name] = value;
          resolve({ status: response.statusCode ?? 502, headers: answerHeaders, body: Buffer.concat(chunks) });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

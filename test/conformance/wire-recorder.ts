import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbstractClient } from 'tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client';
import { AliyunRpc } from '../../shared/clouds/aliyun-rpc';
import type { ServiceName } from './official-models';
import { recordReads } from './read-paths';

/**
 * What conformance checks need from a run against a cloud, recorded from outside it: every answer
 * body as it went over the wire (a loopback relay in front of the cloud), and every field the
 * project's adapters read from the answers (recordReads on what the SDKs hand them).
 */

export interface WireAnswer {
  service: ServiceName;
  action: string;
  status: number;
  body: unknown;
}

/** Field paths read, keyed `service Action`. */
export type AdapterReads = Map<string, Set<string>>;

const RPC_SERVICES: Readonly<Record<string, ServiceName>> = { '2014-05-26': 'ecs', '2017-11-10': 'ens', '2015-04-01': 'aliyun-sts' };
const TC3_SERVICES: Readonly<Record<string, ServiceName>> = { '2017-03-12': 'cbs', '2018-08-13': 'tencent-sts', '2018-04-16': 'scf' };

export interface AnswerRelay {
  /** Base URL to give the clients in place of the cloud's. */
  readonly url: string;
  readonly answers: WireAnswer[];
  close(): Promise<void>;
}

/** A loopback relay in front of `target` that keeps every API answer body (RPC and TC3; FC's are not JSON envelopes) as it was sent. */
export async function startAnswerRelay(target: string): Promise<AnswerRelay> {
  const upstreamUrl = new URL(target);
  const answers: WireAnswer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const forward = httpRequest(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          const back: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => back.push(chunk));
          upstream.on('end', () => {
            const text = Buffer.concat(back).toString('utf8');
            const tcAction = req.headers['x-tc-action'];
            const params = new URLSearchParams(new URL(req.url ?? '/', 'http://relay').search);
            for (const [k, v] of new URLSearchParams(requestBody.toString('utf8'))) params.set(k, v);
            const tcVersion = req.headers['x-tc-version'];
            const service = typeof tcAction === 'string' ? TC3_SERVICES[typeof tcVersion === 'string' ? tcVersion : ''] : RPC_SERVICES[params.get('Version') ?? ''];
            const action = typeof tcAction === 'string' ? tcAction : (params.get('Action') ?? '?');
            if (service) {
              let body: unknown = text;
              try {
                body = JSON.parse(text);
              } catch {
                // Kept as text: answerProblems reports an answer that is not an object.
              }
              answers.push({ service, action, status: upstream.statusCode ?? 0, body });
            }
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            res.end(Buffer.concat(back));
          });
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type AsyncMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

function readsOf(reads: AdapterReads, service: ServiceName, action: string): Set<string> {
  const key = `${service} ${action}`;
  let set = reads.get(key);
  if (!set) {
    set = new Set();
    reads.set(key, set);
  }
  return set;
}

/**
 * Hands every answer the SDKs give the adapters through recordReads, so `reads` learns what they read.
 * AliyunRpc.call is wrapped after its own clean-up of the answer (which walks every field), and the
 * Tencent common client's request, which CbsClient calls. Returns the function that puts them back.
 */
export function recordAdapterReads(reads: AdapterReads): () => void {
  const rpcProto = AliyunRpc.prototype as unknown as { call: AsyncMethod };
  const rpcCall = rpcProto.call;
  rpcProto.call = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const [action] = args;
    const service = (this as { options?: { service?: unknown } }).options?.service;
    const answer = await rpcCall.apply(this, args);
    if ((service !== 'ecs' && service !== 'ens') || typeof action !== 'string') return answer;
    return recordReads(answer, readsOf(reads, service, action));
  };
  const tencentProto = AbstractClient.prototype as unknown as { request: AsyncMethod };
  const tencentRequest = tencentProto.request;
  tencentProto.request = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const [action] = args;
    const answer = await tencentRequest.apply(this, args);
    return typeof action === 'string' ? recordReads(answer, readsOf(reads, 'cbs', action)) : answer;
  };
  return () => {
    rpcProto.call = rpcCall;
    tencentProto.request = tencentRequest;
  };
}

/**
 * `kamkit serve`: the one long-running process of a team. It builds the
 * runtime as the owner of the store (sharing an embedded folder on a Unix
 * socket), starts the chat bots whose environment is present, a health
 * endpoint, and the background jobs, logs one JSON line per request, and
 * stops gracefully on SIGTERM / SIGINT.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedConfig } from '../config/load-config.js';
import { createKamRuntime, type KamRuntime } from './runtime.js';

/** One structured log line (written as JSON, one per line). */
export type ServeLogLine = Record<string, unknown> & { event: string };

/** A chat channel `kamkit serve` runs (the Slack bot, the WeChat bot). */
export interface ChannelService {
  /** `slack` or `wechat`. */
  readonly name: string;
  /** Stop taking messages, finish the ones in flight, stop the channel's scheduled jobs. */
  stop(): Promise<void>;
}

/** What a bot package exports for `kamkit serve` (`startSlackService`, `startWechatService`). */
export type ChannelStarter = (
  runtime: KamRuntime,
  options: { env: Readonly<Record<string, string | undefined>>; log: (line: ServeLogLine) => void },
) => Promise<ChannelService>;

/** A channel serve starts when its environment variables are set. */
export interface ChannelDefinition {
  /** `slack` or `wechat`. */
  name: string;
  /** True when the environment configures this channel. */
  configured(env: Readonly<Record<string, string | undefined>>): boolean;
  /** Load the channel's starter (the bot package is imported only when configured). */
  load(): Promise<ChannelStarter>;
}

/** The bots serve knows: each is started when its variables are present and its package installed. */
export const DEFAULT_CHANNELS: readonly ChannelDefinition[] = [
  {
    name: 'slack',
    configured: (env) => Boolean(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN),
    load: () => importStarter('@kamkit/slack-bot', 'startSlackService'),
  },
  {
    name: 'wechat',
    configured: (env) => Boolean(env.WECHATY_PUPPET?.trim()),
    load: () => importStarter('@kamkit/wechat-bot', 'startWechatService'),
  },
];

async function importStarter(specifier: string, exportName: string): Promise<ChannelStarter> {
  // The bot packages depend on this one, not the other way round: loaded by name when configured.
  const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  const starter = module[exportName];
  if (typeof starter !== 'function') throw new Error(`${specifier} has no ${exportName}()`);
  return starter as ChannelStarter;
}

/** Options of {@link startServe}. */
export interface ServeOptions {
  /** The resolved configuration. */
  config: ResolvedConfig;
  /** Health endpoint port (0: any free port). Default 8787. */
  port?: number;
  /** Health endpoint address (default 127.0.0.1). */
  hostname?: string;
  /** Environment the channels read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The channels to consider (default {@link DEFAULT_CHANNELS}). */
  channels?: readonly ChannelDefinition[];
  /** Where log lines go (default: one JSON line on stdout). */
  log?: (line: ServeLogLine) => void;
  /** Clock for uptime and log times. */
  now?: () => Date;
}

/** A running `kamkit serve`. */
export interface RunningServe {
  /** The runtime (store, policies, engines). */
  readonly runtime: KamRuntime;
  /** The health endpoint's port. */
  readonly port: number;
  /** The channels started. */
  readonly channels: readonly string[];
  /** Stop: no new requests, channels finish in-flight work, background jobs stop, the store closes, the lock goes. */
  stop(reason?: string): Promise<void>;
}

/**
 * Start `kamkit serve`.
 *
 * @throws StoreOwnedError when another process owns the embedded folder
 *   (another `kamkit serve` included).
 * @example
 * ```ts
 * const serve = await startServe({ config: await loadConfig(), port: 0 });
 * const health = await fetch(`http://127.0.0.1:${serve.port}/healthz`).then((response) => response.json());
 * await serve.stop();
 * ```
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: ServeLogLine) => void process.stdout.write(`${JSON.stringify(line)}\n`));
  const write = (line: ServeLogLine) => log({ time: now().toISOString(), ...line });
  const startedAt = now().getTime();

  const runtime = await createKamRuntime({
    config: options.config,
    host: true,
    onSocketEvent: (event) => write({ ...event, event: `socket.${event.event}` }),
  });
  const started: ChannelService[] = [];
  let server: Server | undefined;
  try {
    // Stored results are refreshed here, after writes settle, whoever wrote; channels' engines ask these jobs.
    runtime.startRefreshJobs({
      onRefreshed: (month, outcome) => write({ event: 'results.refreshed', month, status: outcome.status }),
      onError: (error, month) =>
        write({
          event: 'results.refresh-failed',
          month,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    for (const channel of options.channels ?? DEFAULT_CHANNELS) {
      if (!channel.configured(env)) continue;
      const start = await channel.load();
      started.push(await start(runtime, { env, log: write }));
      write({ event: 'channel.started', channel: channel.name });
    }
    server = await listen(options.port ?? 8787, options.hostname ?? '127.0.0.1', (request, response) => {
      const began = Date.now();
      const path = (request.url ?? '/').split('?')[0];
      let status = 404;
      let body: unknown = { error: 'not found' };
      if (request.method === 'GET' && path === '/healthz') {
        status = stopping ? 503 : 200;
        body = {
          status: stopping ? 'stopping' : 'ok',
          store: runtime.storeKind,
          uptimeSeconds: Math.round((now().getTime() - startedAt) / 1000),
          channels: started.map((channel) => channel.name),
          ...(runtime.socketPath ? { socket: runtime.socketPath } : {}),
        };
      }
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
      write({ event: 'request', method: request.method, path, status, ms: Date.now() - began });
    });
  } catch (error) {
    await Promise.allSettled(started.map((channel) => channel.stop()));
    await runtime.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  write({
    event: 'ready',
    pid: process.pid,
    store: runtime.storeKind,
    port,
    channels: started.map((channel) => channel.name),
    ...(runtime.socketPath ? { socket: runtime.socketPath } : {}),
  });

  let stopping = false;
  let stopped: Promise<void> | undefined;
  const listening = server;
  return {
    runtime,
    port,
    channels: started.map((channel) => channel.name),
    stop(reason = 'stop') {
      stopped ??= (async () => {
        stopping = true;
        write({ event: 'stopping', reason });
        const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
        listening.closeIdleConnections();
        const results = await Promise.allSettled(started.map((channel) => channel.stop()));
        for (const [index, result] of results.entries())
          if (result.status === 'rejected')
            write({
              event: 'channel.stop-failed',
              channel: started[index]?.name,
              error: String(result.reason),
            });
        await runtime.close();
        await closed;
        write({ event: 'stopped' });
      })();
      return stopped;
    },
  };
}

function listen(
  port: number,
  hostname: string,
  handle: Parameters<typeof createServer>[1] & object,
): Promise<Server> {
  const server = createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

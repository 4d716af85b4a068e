/**
 * KAMkit embedded in an HTTP service: seed a portfolio, start the service on
 * a free port, and make the requests a client would — as different users —
 * printing each answer.
 *
 * @module
 */
import { type AccountCard, createKam, type OpenStoreOptions, type PortfolioAnalysis } from '@kamkit/sdk';
import { seed } from './data.js';
import { startService, USER_HEADER } from './service.js';

/** Options for {@link main}. */
export interface HttpServiceOptions {
  /** Where the data lives. Default: a throw-away embedded database (`{ dataDir: 'memory://' }`). */
  open?: OpenStoreOptions;
  /** The month served, `YYYY-MM`. Default `2026-10`. */
  asOf?: string;
}

/** One request of the walk-through and its answer. */
export interface Exchange {
  request: string;
  status: number;
  body: unknown;
}

/** What {@link main} produced. */
export interface HttpServiceOutput {
  text: string;
  exchanges: Exchange[];
}

/**
 * Walk through the service's routes as four different users.
 *
 * @example
 * ```ts
 * const { text } = await main();
 * console.log(text);
 * ```
 */
export async function main(options: HttpServiceOptions = {}): Promise<HttpServiceOutput> {
  const asOf = options.asOf ?? '2026-10';
  const kam = await createKam({ open: options.open ?? { dataDir: 'memory://' } });
  const exchanges: Exchange[] = [];
  try {
    await seed(kam, asOf);
    const service = await startService({ kam, asOf, port: 0 });
    try {
      const call = async (user: string, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${service.url}${path}`, {
          method,
          headers: { [USER_HEADER]: user, 'content-type': 'application/json', 'accept-language': 'en' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const type = response.headers.get('content-type') ?? '';
        exchanges.push({
          request: `${method} ${path} as ${user}`,
          status: response.status,
          body: type.startsWith('application/json') ? await response.json() : await response.text(),
        });
      };
      await call('u-li', 'GET', '/accounts/acme/status');
      await call('u-li', 'GET', '/accounts/lingnan/status');
      await call('u-gm', 'GET', `/reports/portfolio?period=${asOf}`);
      await call('u-li', 'GET', `/reports/portfolio?period=${asOf}`);
      await call('u-chen', 'GET', '/reports/portfolio?period=October');
      const november = { id: 'acme-2026-11-03', accountId: 'acme', date: '2026-11-03', amountFen: 1_250_000 };
      await call('u-li', 'POST', '/transactions', november);
      await call('u-chen', 'POST', '/transactions', [
        november,
        { ...november, id: 'acme-bad', amountFen: -5 },
      ]);
      await call('u-chen', 'POST', '/transactions', [november]);
    } finally {
      await service.close();
    }
  } finally {
    await kam.close();
  }
  return { text: exchanges.map(describe).join('\n'), exchanges };
}

function describe(exchange: Exchange): string {
  const body = exchange.body as Record<string, unknown>;
  let summary: string;
  if (typeof exchange.body === 'string') summary = exchange.body.split('\n')[0] ?? '';
  else if ('error' in body) {
    const error = body.error as { code: string; message: string };
    summary = `${error.code}: ${error.message}`;
  } else if ('card' in body) {
    const card = body.card as AccountCard;
    summary = `${card.name}: ${card.tier.label.en}, score ${card.score.value.toFixed(1)}`;
  } else if (body.kind === 'portfolio-analysis') {
    const tiers = (body as unknown as PortfolioAnalysis).tiers;
    summary = `portfolio analysis: ${tiers.map((tier) => `${tier.label.en} ${tier.count}`).join(', ')}`;
  } else summary = JSON.stringify(body);
  return `${exchange.request} → ${exchange.status} ${summary}`;
}

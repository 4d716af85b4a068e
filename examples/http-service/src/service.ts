/**
 * An HTTP service over KAMkit with Node's own `node:http`: every request acts
 * as the user named in the `X-Kamkit-User` header, through `kam.as(user)`, so
 * the access rules of the SDK decide what each caller may read and write.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildAccountCard,
  buildPortfolioAnalysis,
  isKamError,
  KAM_ERROR_CODES,
  type Kam,
  KamError,
  type KamErrorCode,
  type Locale,
  type LocalisedText,
  loadReportSource,
  parseWith,
  type ReportSource,
  renderReport,
  type ScopedStore,
  TransactionSchema,
  validationError,
} from '@kamkit/sdk';

/** The header that names the acting user. A real deployment sets it in its authenticating proxy. */
export const USER_HEADER = 'x-kamkit-user';

/** Options for {@link startService}. */
export interface ServiceOptions {
  kam: Kam;
  /** The month the status cards describe, `YYYY-MM`. */
  asOf: string;
  /** Port to listen on; `0` picks a free one. Default `0`. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** A running service. */
export interface RunningService {
  /** `http://host:port`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const INVALID_INPUT = KAM_ERROR_CODES.INVALID_INPUT;

const STATUS_OF: Record<KamErrorCode, number> = {
  INVALID_CONFIG: 500,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_STATE: 409,
  IMPORT_FAILED: 400,
  STORAGE: 503,
  DELIVERY: 502,
};

/**
 * Start the service. Routes:
 *
 * - `GET /accounts/:id/status` — the account's status card (tier, score, owners, contacts, alerts);
 * - `GET /reports/portfolio?period=YYYY-MM[&format=json|md|html]` — the monthly portfolio analysis,
 *   for users who see the whole portfolio;
 * - `POST /transactions` — one transaction or an array of them, validated, all or nothing.
 *
 * Errors answer `{ error: { code, message, path?, issues } }` in the caller's locale
 * (`Accept-Language`, else the user's own).
 *
 * @example
 * ```ts
 * const service = await startService({ kam, asOf: '2026-10', port: 0 });
 * await fetch(`${service.url}/accounts/acme/status`, { headers: { 'X-Kamkit-User': 'u-li' } });
 * await service.close();
 * ```
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { kam, asOf } = options;
  // Report sources are the engine's run of a month: computed once, dropped when new transactions arrive.
  let sources = new Map<string, Promise<ReportSource>>();
  const sourceFor = (month: string) => {
    let source = sources.get(month);
    if (source === undefined) {
      source = loadReportSource({ store: kam.store, asOf: month, policies: kam.policies });
      source.catch(() => sources.delete(month));
      sources.set(month, source);
    }
    return source;
  };

  async function handle(request: IncomingMessage, url: URL, scoped: ScopedStore, locale: Locale) {
    const status = /^\/accounts\/([^/]+)\/status$/u.exec(url.pathname);
    if (request.method === 'GET' && status) {
      // Through the scoped store first: an account the user may not see is "not found", like a missing one.
      const account = await scoped.getAccount(decodeURIComponent(status[1]!));
      const card = buildAccountCard(await sourceFor(asOf), account.id);
      const rendered = renderReport(card, { locale, format: 'md' });
      return { status: 200, body: { card, text: rendered.format === 'md' ? rendered.text : '' } };
    }
    if (request.method === 'GET' && url.pathname === '/reports/portfolio') {
      const period = url.searchParams.get('period');
      if (period === null || !/^\d{4}-(0[1-9]|1[0-2])$/u.test(period)) {
        throw invalidParameter('period', {
          'zh-CN': '应为形如 2026-10 的月份',
          en: 'expected a month such as 2026-10',
        });
      }
      const format = url.searchParams.get('format') ?? 'json';
      if (format !== 'json' && format !== 'md' && format !== 'html') {
        throw invalidParameter('format', {
          'zh-CN': '应为 json、md 或 html',
          en: 'expected json, md or html',
        });
      }
      // The portfolio analysis covers every account: only users who see them all may read it.
      const visible = await scoped.listAccounts();
      if (visible.length !== (await kam.store.countAccounts())) throw portfolioForbidden();
      const analysis = buildPortfolioAnalysis(await sourceFor(period));
      if (format === 'json') return { status: 200, body: analysis };
      const rendered = renderReport(analysis, { locale, format });
      return rendered.format === 'html'
        ? { status: 200, raw: rendered.html, type: 'text/html; charset=utf-8' }
        : {
            status: 200,
            raw: rendered.format === 'md' ? rendered.text : '',
            type: 'text/markdown; charset=utf-8',
          };
    }
    if (request.method === 'POST' && url.pathname === '/transactions') {
      const body = await readJson(request);
      // Every bad field of every row is reported at once, e.g. `[1].amountFen`.
      const rows = Array.isArray(body)
        ? parseWith(TransactionSchema.array(), body, { 'zh-CN': '交易', en: 'transactions' }, INVALID_INPUT)
        : [parseWith(TransactionSchema, body, { 'zh-CN': '交易', en: 'transaction' }, INVALID_INPUT)];
      // Checks transaction.write on every row's account before anything is written.
      const result = await scoped.insertTransactions(rows);
      sources = new Map();
      return { status: 201, body: result };
    }
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      message: {
        'zh-CN': `没有这个接口：${request.method} ${url.pathname}`,
        en: `No such route: ${request.method} ${url.pathname}`,
      },
    });
  }

  const server = createServer((request, response) => {
    void respond(request, response);
  });

  async function respond(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let locale = localeFromHeader(request.headers['accept-language']) ?? 'en';
    try {
      const userId = request.headers[USER_HEADER];
      if (typeof userId !== 'string' || userId.trim() === '') {
        return send(response, 401, {
          error: {
            code: 'UNAUTHENTICATED',
            message:
              locale === 'zh-CN' ? `请求头缺少 ${USER_HEADER}` : `The ${USER_HEADER} header is missing`,
            issues: [],
          },
        });
      }
      const scoped = kam.as(userId.trim());
      const user = await scoped.me();
      locale = localeFromHeader(request.headers['accept-language']) ?? user.locale;
      const result = await handle(request, url, scoped, locale);
      if ('raw' in result) {
        response.writeHead(result.status, { 'content-type': result.type });
        response.end(result.raw);
      } else send(response, result.status, result.body);
    } catch (error) {
      if (isKamError(error)) {
        send(response, STATUS_OF[error.code], {
          error: {
            code: error.code,
            message: error.messageIn(locale),
            ...(error.path === undefined ? {} : { path: error.path }),
            issues: error.issues.map((issue) => ({ path: issue.path, expected: issue.expected[locale] })),
          },
        });
      } else {
        console.error(error);
        send(response, 500, {
          error: {
            code: 'INTERNAL',
            message: locale === 'zh-CN' ? '服务内部错误' : 'Internal error',
            issues: [],
          },
        });
      }
    }
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function localeFromHeader(header: string | undefined): Locale | undefined {
  // The first language named; `*` (what fetch sends by default) leaves the choice to the user's profile.
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('zh')) return 'zh-CN';
  if (first.startsWith('en')) return 'en';
  return undefined;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000)
      throw invalidParameter('body', {
        'zh-CN': '应为不超过 1 MB 的 JSON',
        en: 'expected JSON of at most 1 MB',
      });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw new KamError({
      code: INVALID_INPUT,
      path: 'body',
      message: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
      issues: [
        {
          path: 'body',
          expected: {
            'zh-CN': 'JSON 格式的交易或交易数组',
            en: 'a transaction or an array of them, as JSON',
          },
        },
      ],
      cause,
    });
  }
}

function invalidParameter(name: string, expected: LocalisedText): KamError {
  return validationError(
    { 'zh-CN': '请求参数', en: 'request parameter' },
    [{ path: name, expected }],
    INVALID_INPUT,
  );
}

function portfolioForbidden(): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.FORBIDDEN,
    message: {
      'zh-CN': '组合分析涵盖全部客户，只有能查看全部客户的用户可以阅读',
      en: 'The portfolio analysis covers every account; only users who see them all may read it',
    },
  });
}

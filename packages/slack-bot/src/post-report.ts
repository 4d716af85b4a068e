/**
 * Reports in Slack: the SDK renderer's Block Kit (header, fields, context)
 * within Slack's limits, and the report's charts as PNG images uploaded with
 * `files.uploadV2`. A failed upload never stops the report: it is logged.
 *
 * @module
 */
import {
  type Locale,
  limitSlackMessages,
  type ReportChart,
  type ReportData,
  renderReport,
  reportCharts,
  svgToPng,
} from '@kamkit/sdk';
import type { webApi } from '@slack/bolt';
import { escapeMrkdwn, type SlackMessageContent } from './blocks.js';

/**
 * How many messages one report takes at most: a slash command's
 * `response_url` accepts five replies, and a channel should not be flooded.
 * Longer reports end with a "more" line.
 */
export const REPORT_MESSAGE_LIMIT = 3;

/** Width in pixels of the chart images (twice the SVG width, sharp on high-density screens). */
const CHART_WIDTH = 1120;

/** Options of {@link reportMessages}. */
export interface ReportMessagesOptions {
  locale: Locale;
  /** The organisation's time zone for dates (default Asia/Shanghai). */
  timeZone?: string;
  /** When the report was produced (default now). */
  generatedAt?: Date;
  /** At most this many messages (default {@link REPORT_MESSAGE_LIMIT}). */
  maxMessages?: number;
}

/**
 * A report as Slack messages, rendered by the SDK (`renderReport(…, { format:
 * 'slack' })`): a header, field grids for the key figures, sections for lists,
 * a context footer — at most 50 blocks per message, and at most `maxMessages`
 * messages, the last then saying how much was left out.
 *
 * @example
 * ```ts
 * for (const message of reportMessages(analysis, { locale: 'zh-CN' }))
 *   await client.chat.postMessage({ channel, ...message });
 * ```
 */
export function reportMessages(report: ReportData, options: ReportMessagesOptions): SlackMessageContent[] {
  const { locale } = options;
  const rendered = renderReport(report, {
    locale,
    format: 'slack',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
  });
  if (rendered.format !== 'slack') return [];
  return limitSlackMessages(rendered.messages, {
    maxMessages: options.maxMessages ?? REPORT_MESSAGE_LIMIT,
    locale,
  }).map((message) => ({ text: message.text, blocks: message.blocks }));
}

/** Where the chart images go: a channel (a `C…`, `G…` or `D…` id, never a user id) and thread. */
export interface ChartDestination {
  channel: string;
  threadTs?: string;
  /** A message posted with the images (e.g. the report's title when they go to a DM). */
  comment?: string;
}

/**
 * Render the charts of a report (the SDK's `reportCharts`: tier distribution and
 * trend for a portfolio, the 12-month trend for an account, the radar for a
 * 360° report) to PNG and upload them in one `files.uploadV2` call, with a
 * title and alt text each. Returns how many were uploaded (0 when the report
 * has no chart).
 *
 * @throws the Web API's error when the upload fails (e.g. `missing_scope` without `files:write`).
 */
export async function uploadReportCharts(
  client: webApi.WebClient,
  report: ReportData,
  options: ChartDestination & { locale: Locale },
): Promise<number> {
  return uploadCharts(client, reportCharts(report, options.locale), options);
}

async function uploadCharts(
  client: webApi.WebClient,
  charts: readonly ReportChart[],
  destination: ChartDestination,
): Promise<number> {
  if (charts.length === 0) return 0;
  const uploads = [];
  for (const chart of charts)
    uploads.push({
      file: Buffer.from(await svgToPng(chart.svg, CHART_WIDTH)),
      filename: `${chart.name}.png`,
      title: chart.title,
      alt_text: chart.altText,
    });
  await client.files.uploadV2({
    channel_id: destination.channel,
    ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
    ...(destination.comment ? { initial_comment: destination.comment } : {}),
    file_uploads: uploads,
  });
  return charts.length;
}

/** Something that logs warnings: Bolt's `app.logger`, or `console`. */
export interface WarningLogger {
  /** Log a warning (Bolt's `logger.warn` fits). */
  warn(...message: unknown[]): void;
}

/** Options of {@link postReport}. */
export interface PostReportOptions extends ReportMessagesOptions {
  client: webApi.WebClient;
  report: ReportData;
  /** Sends one message (e.g. `chat.postMessage` to a channel, or a slash command's `respond`). */
  post: (message: SlackMessageContent) => Promise<unknown>;
  /** Where the charts go, given the report's title; asked only when the report has charts. */
  chartDestination: (title: string) => Promise<ChartDestination>;
  logger: WarningLogger;
}

/** The Web API error code of a failed call, with the scope it needed when Slack says. */
export function slackErrorText(error: unknown): string {
  const data = (error as { data?: { error?: unknown; needed?: unknown } }).data;
  if (typeof data?.error === 'string')
    return typeof data.needed === 'string' ? `${data.error} (needed: ${data.needed})` : data.error;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Post a report: its messages first ({@link reportMessages}), then its charts
 * ({@link uploadReportCharts}). A chart that cannot be uploaded — the app
 * lacks `files:write`, the channel refuses files, the PNG cannot be made — is
 * logged as a warning and the report stands without it; the user sees no error.
 *
 * @returns whether charts were uploaded.
 * @example
 * ```ts
 * await postReport({
 *   client, report: analysis, locale: 'en', logger: app.logger,
 *   post: (message) => client.chat.postMessage({ channel: 'C123', ...message }),
 *   chartDestination: async () => ({ channel: 'C123' }),
 * });
 * ```
 */
export async function postReport(options: PostReportOptions): Promise<boolean> {
  const messages = reportMessages(options.report, options);
  for (const message of messages) await options.post(message);
  const charts = reportCharts(options.report, options.locale);
  if (charts.length === 0) return false;
  try {
    await uploadCharts(options.client, charts, await options.chartDestination(messages[0]?.text ?? ''));
    return true;
  } catch (error) {
    options.logger.warn(
      `The report's charts were not uploaded (${slackErrorText(error)}); the report was posted without them.`,
    );
    return false;
  }
}

/**
 * The charts' destination in a Slack user's DM with the bot: the `D…`
 * channel from `conversations.open` (scope `im:write`; uploads refuse user
 * ids), with the report's title as the message, in the reader's language.
 */
export async function directMessageCharts(
  client: webApi.WebClient,
  slackUserId: string,
  title: string,
  locale: Locale,
): Promise<ChartDestination> {
  const opened = await client.conversations.open({ users: slackUserId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open returned no channel for ${slackUserId}`);
  return { channel, comment: escapeMrkdwn(locale === 'zh-CN' ? `图表：${title}` : `Charts: ${title}`) };
}

/**
 * The login QR code in the terminal.
 *
 * @module
 */
import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';

const STATUS_TEXT: Record<ScanStatus, string> = {
  [ScanStatus.Unknown]: '未知 / unknown',
  [ScanStatus.Cancel]: '已取消 / cancelled',
  [ScanStatus.Waiting]: '等待扫码 / waiting for a scan',
  [ScanStatus.Scanned]: '已扫码，请在手机上确认 / scanned, confirm on the phone',
  [ScanStatus.Confirmed]: '已确认 / confirmed',
  [ScanStatus.Timeout]: '已超时 / timed out',
};

/** Renders a QR code value as terminal text (`qrcode`'s `toString(value, { type: 'terminal' })`). */
export type TerminalQrRenderer = (value: string) => Promise<string>;

/**
 * The lines to print for a Wechaty `scan` event: the status, and while a
 * scan is awaited the QR code as an image link and, when a renderer is
 * given, as characters in the terminal.
 *
 * @example
 * ```ts
 * wechaty.on('scan', async (qrcode, status) => console.log(await scanText(qrcode, status)));
 * ```
 */
export async function scanText(
  qrcode: string,
  status: ScanStatus,
  renderQr?: TerminalQrRenderer,
): Promise<string> {
  const lines = [`微信登录 / WeChat login: ${STATUS_TEXT[status] ?? String(status)}`];
  if ((status === ScanStatus.Waiting || status === ScanStatus.Timeout) && qrcode !== '') {
    if (renderQr) {
      try {
        lines.push(await renderQr(qrcode));
      } catch {
        // The link below is enough to log in.
      }
    }
    lines.push(`用微信扫描此二维码登录 / Scan with WeChat to log in: ${qrcodeValueToImageUrl(qrcode)}`);
  }
  return lines.join('\n');
}

/**
 * A terminal QR renderer from the `qrcode` package when it can be loaded from
 * here, else `undefined` (then only the link is printed). The bot does not
 * depend on `qrcode`; install it next to the bot to get the code drawn.
 */
export async function loadTerminalQr(): Promise<TerminalQrRenderer | undefined> {
  const name = 'qrcode';
  try {
    const module = (await import(name)) as {
      toString?: (value: string, options: { type: 'terminal'; small: boolean }) => Promise<string>;
      default?: {
        toString?: (value: string, options: { type: 'terminal'; small: boolean }) => Promise<string>;
      };
    };
    const render = module.default?.toString ?? module.toString;
    if (typeof render !== 'function') return undefined;
    return (value) => render(value, { type: 'terminal', small: true });
  } catch {
    return undefined;
  }
}

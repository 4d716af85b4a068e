import { describe, expect, it } from 'vitest';
import { ScanStatus } from 'wechaty';
import { scanText } from './scan.js';

describe('scanText', () => {
  it('prints the QR code link while a scan is awaited, and the drawn code when a renderer is given', async () => {
    const text = await scanText(
      'https://login.weixin.qq.com/l/abc',
      ScanStatus.Waiting,
      async () => '██ ▄▄ ██',
    );
    expect(text.split('\n')).toEqual([
      '微信登录 / WeChat login: 等待扫码 / waiting for a scan',
      '██ ▄▄ ██',
      '用微信扫描此二维码登录 / Scan with WeChat to log in: https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fabc',
    ]);
  });

  it('prints only the status once scanned, and the link alone when drawing fails', async () => {
    expect(await scanText('x', ScanStatus.Scanned)).toBe(
      '微信登录 / WeChat login: 已扫码，请在手机上确认 / scanned, confirm on the phone',
    );
    const failing = await scanText('x', ScanStatus.Waiting, async () => {
      throw new Error('no terminal');
    });
    expect(failing).toContain('https://wechaty.js.org/qrcode/x');
    expect(failing).not.toContain('no terminal');
  });
});

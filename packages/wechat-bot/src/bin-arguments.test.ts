import { describe, expect, it } from 'vitest';
import { parseWechatBotArguments, wechatBotHelp, wechatBotVersion } from './bin-arguments.js';

describe('kamkit-wechat-bot arguments', () => {
  it('answers --help and --version without starting the bot, and refuses anything else', () => {
    expect(parseWechatBotArguments([])).toBe('run');
    expect(parseWechatBotArguments(['--version'])).toBe('version');
    expect(parseWechatBotArguments(['-h'])).toBe('help');
    expect(() => parseWechatBotArguments(['--puppet', 'x'])).toThrow(/--puppet/);
    expect(() => parseWechatBotArguments(['start'])).toThrow();
  });

  it('documents the environment variables and prints the package version', () => {
    const help = wechatBotHelp();
    for (const name of [
      'WECHATY_PUPPET',
      'WECHATY_PUPPET_SERVICE_TOKEN',
      'KAMKIT_DATABASE_URL',
      'KAMKIT_WECHAT_DAILY_CAP',
    ])
      expect(help).toContain(name);
    expect(wechatBotVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

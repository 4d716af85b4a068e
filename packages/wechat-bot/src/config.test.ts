import { isKamError } from '@kamkit/sdk';
import { describe, expect, it } from 'vitest';
import { readBotConfig } from './config.js';

describe('readBotConfig', () => {
  it('chooses the puppet by WECHATY_PUPPET and passes its token', () => {
    const config = readBotConfig({
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_abc',
      KAMKIT_WECHAT_INTERVAL_MS: '3000',
      KAMKIT_WECHAT_DAILY_CAP: '200',
    });
    expect(config.wechaty).toEqual({
      name: 'kamkit',
      puppet: 'wechaty-puppet-service',
      puppetOptions: { token: 'puppet_padlocal_abc' },
    });
    expect(config.puppetName).toBe('wechaty-puppet-service');
    expect(config.sendIntervalMs).toBe(3000);
    expect(config.dailyCap).toBe(200);
  });

  it('leaves the puppet to Wechaty and uses the defaults when nothing is set', () => {
    const config = readBotConfig({});
    expect(config.wechaty).toEqual({ name: 'kamkit' });
    expect(config).toMatchObject({ sendIntervalMs: 1500, dailyCap: 500 });
    expect(config.asOf).toBeUndefined();
  });

  it('names the variable with a bad value', () => {
    for (const [name, value] of [
      ['KAMKIT_WECHAT_DAILY_CAP', '0'],
      ['KAMKIT_WECHAT_INTERVAL_MS', 'fast'],
      ['KAMKIT_AS_OF', '2026-13'],
    ] as const) {
      let caught: unknown;
      try {
        readBotConfig({ [name]: value });
      } catch (error) {
        caught = error;
      }
      expect(isKamError(caught)).toBe(true);
      if (isKamError(caught)) {
        expect(caught.code).toBe('INVALID_CONFIG');
        expect(caught.messageIn('zh-CN')).toContain(name);
      }
    }
  });
});

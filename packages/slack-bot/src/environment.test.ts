import { isKamError } from '@kamkit/sdk';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parseSlackBotArguments, slackAppManifest, slackBotHelp, slackBotVersion } from './bin-arguments.js';
import { readSlackBotEnvironment, SLACK_BOT_VARIABLES } from './environment.js';

const base = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };

function failure(env: NodeJS.ProcessEnv): { path: string | undefined; en: string } {
  try {
    readSlackBotEnvironment(env);
  } catch (error) {
    if (!isKamError(error)) throw error;
    return { path: error.path, en: error.messageIn('en') };
  }
  throw new Error('expected a KamError');
}

describe('readSlackBotEnvironment', () => {
  it('reads the defaults: HTTP on 3000, Bolt’s retries and log level', () => {
    expect(readSlackBotEnvironment(base)).toEqual({
      signingSecret: 'secret',
      token: 'xoxb-1',
      appToken: undefined,
      port: 3000,
      asOf: undefined,
      logLevel: undefined,
      clientOptions: {},
    });
  });

  it('passes the API base URL, retries and log level to Bolt', () => {
    const environment = readSlackBotEnvironment({
      ...base,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      SLACK_RETRIES: '0',
      SLACK_LOG_LEVEL: 'DEBUG',
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '8080',
      KAMKIT_AS_OF: '2026-10',
    });
    expect(environment.clientOptions).toEqual({
      slackApiUrl: 'http://127.0.0.1:9999/api/',
      retryConfig: { retries: 0, factor: 2 },
    });
    expect(environment.logLevel).toBe(LogLevel.DEBUG);
    expect(environment).toMatchObject({ appToken: 'xapp-1', port: 8080, asOf: '2026-10' });
  });

  it('names the variable that is missing or malformed', () => {
    expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1' }).path).toBe('SLACK_SIGNING_SECRET');
    expect(failure({ SLACK_SIGNING_SECRET: 's' }).path).toBe('SLACK_BOT_TOKEN');
    expect(failure({ ...base, PORT: '80a' })).toMatchObject({
      path: 'PORT',
      en: expect.stringContaining('80a'),
    });
    expect(failure({ ...base, SLACK_RETRIES: '-1' }).path).toBe('SLACK_RETRIES');
    expect(failure({ ...base, SLACK_LOG_LEVEL: 'loud' }).path).toBe('SLACK_LOG_LEVEL');
    expect(failure({ ...base, SLACK_API_URL: 'slack.com/api' }).path).toBe('SLACK_API_URL');
    expect(failure({ ...base, KAMKIT_AS_OF: '2026-13' }).path).toBe('KAMKIT_AS_OF');
  });
});

describe('kamkit-slack-bot arguments', () => {
  it('answers --help, --version and --manifest without starting, and refuses anything else', () => {
    expect(parseSlackBotArguments([])).toBe('run');
    expect(parseSlackBotArguments(['--help'])).toBe('help');
    expect(parseSlackBotArguments(['-v'])).toBe('version');
    expect(parseSlackBotArguments(['--manifest'])).toBe('manifest');
    expect(() => parseSlackBotArguments(['--port', '3000'])).toThrow(/--port/);
    expect(() => parseSlackBotArguments(['start'])).toThrow();
  });

  it('documents every environment variable in --help and ships the manifest', () => {
    const help = slackBotHelp();
    for (const [name] of SLACK_BOT_VARIABLES) expect(help).toContain(name);
    expect(slackBotVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(slackAppManifest()).toContain('/kam');
  });
});

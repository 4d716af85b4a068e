import { describe, expect, it } from 'vitest';
import { parseRoomCommand } from './room-commands.js';

describe('parseRoomCommand', () => {
  it('reads subscribe and unsubscribe in Chinese and English, glued or spaced, any width', () => {
    expect(parseRoomCommand('订阅 报表')).toEqual({ kind: 'subscribe', topic: 'report', locale: 'zh-CN' });
    expect(parseRoomCommand('订阅预警')).toEqual({ kind: 'subscribe', topic: 'alerts', locale: 'zh-CN' });
    expect(parseRoomCommand('退订　报表')).toEqual({ kind: 'unsubscribe', topic: 'report', locale: 'zh-CN' });
    expect(parseRoomCommand('取消订阅 预警')).toEqual({
      kind: 'unsubscribe',
      topic: 'alerts',
      locale: 'zh-CN',
    });
    expect(parseRoomCommand('Subscribe Reports')).toEqual({
      kind: 'subscribe',
      topic: 'report',
      locale: 'en',
    });
    expect(parseRoomCommand('unsubscribe alerts')).toEqual({
      kind: 'unsubscribe',
      topic: 'alerts',
      locale: 'en',
    });
    expect(parseRoomCommand('订阅')).toEqual({ kind: 'subscriptions', locale: 'zh-CN' });
    expect(parseRoomCommand('subscriptions')).toEqual({ kind: 'subscriptions', locale: 'en' });
  });

  it('leaves every other text to the conversation engine', () => {
    for (const text of ['报表', '查询 华能源', '订阅 天气', 'subscribe', '退订', '4', '报表 2026-10'])
      expect(parseRoomCommand(text)).toBeNull();
  });
});

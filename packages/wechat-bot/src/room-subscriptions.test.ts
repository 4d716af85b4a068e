import { openStore, type Store } from '@kamkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoomSubscriptions } from './room-subscriptions.js';

let store: Store;
const now = () => new Date('2026-11-05T02:00:00Z');

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('createRoomSubscriptions on the embedded database', () => {
  it('keeps subscriptions in the store, visible to another replica, and audits each change', async () => {
    const first = createRoomSubscriptions(store, { now });
    expect(await first.subscribe('a@chatroom', 'report', 'u-head-1')).toBe(true);
    expect(await first.subscribe('b@chatroom', 'report', 'u-ceo')).toBe(true);
    expect(await first.subscribe('a@chatroom', 'alerts', 'u-head-1')).toBe(true);
    expect(await first.subscribe('a@chatroom', 'report', 'u-ceo')).toBe(false);

    const replica = createRoomSubscriptions(store, { now });
    expect(await replica.list('report')).toEqual([
      { roomId: 'a@chatroom', topic: 'report', by: 'u-head-1', at: '2026-11-05T02:00:00.000Z' },
      { roomId: 'b@chatroom', topic: 'report', by: 'u-ceo', at: '2026-11-05T02:00:00.000Z' },
    ]);
    expect(await replica.topicsOf('a@chatroom')).toEqual(['report', 'alerts']);

    expect(await replica.unsubscribe('a@chatroom', 'report', 'u-ceo')).toBe(true);
    expect(await replica.unsubscribe('a@chatroom', 'report', 'u-ceo')).toBe(false);
    expect((await first.list('report')).map((entry) => entry.roomId)).toEqual(['b@chatroom']);

    const audit = await store.listAudit({ entity: 'wechat-room' });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.entityId])).toEqual([
      ['wechat.subscribe', 'u-head-1', 'a@chatroom'],
      ['wechat.subscribe', 'u-ceo', 'b@chatroom'],
      ['wechat.subscribe', 'u-head-1', 'a@chatroom'],
      ['wechat.unsubscribe', 'u-ceo', 'a@chatroom'],
    ]);
  });

  it('applies concurrent changes in one process one at a time, losing none', async () => {
    const subscriptions = createRoomSubscriptions(store, { now });
    const rooms = Array.from({ length: 8 }, (_, index) => `c${index}@chatroom`);
    await Promise.all(rooms.map((roomId) => subscriptions.subscribe(roomId, 'alerts', 'u-ceo')));
    const listed = (await subscriptions.list('alerts')).map((entry) => entry.roomId);
    for (const roomId of rooms) expect(listed).toContain(roomId);
  });
});

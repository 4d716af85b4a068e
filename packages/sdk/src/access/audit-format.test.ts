import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  formatAuditTable,
  localeFromEnv,
  parseAuditBound,
  summariseChange,
} from './audit-format.js';

describe('audit formatting', () => {
  it('picks the locale from KAMKIT_LOCALE, then LANG', () => {
    expect(localeFromEnv({ KAMKIT_LOCALE: 'zh-CN' })).toBe('zh-CN');
    expect(localeFromEnv({ KAMKIT_LOCALE: 'en', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeFromEnv({})).toBe('en');
  });

  it('counts CJK characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('客户经理')).toBe(8);
    expect(displayWidth('A角：李')).toBe(7);
  });

  it('summarises only what changed', () => {
    expect(summariseChange(null, { id: 'x' }, 'zh-CN')).toBe('新建');
    expect(
      summariseChange(
        { division: 'east', ownerA: 'u1', name: 'n' },
        { division: 'west', ownerA: null, name: 'n' },
        'en',
      ),
    ).toBe('division: east → west; ownerA: u1 → null');
    expect(summariseChange({ a: 1 }, { a: 1 }, 'en')).toBe('no change');
  });

  it('reads dates as whole days in the time zone and rejects impossible ones', () => {
    expect(parseAuditBound('2026-10-01', 'since')).toBe('2026-09-30T16:00:00.000Z');
    expect(parseAuditBound('2026-10-01', 'until')).toBe('2026-10-01T15:59:59.999Z');
    expect(parseAuditBound('2026-10-01', 'since', 'UTC')).toBe('2026-10-01T00:00:00.000Z');
    expect(parseAuditBound('2026-10-01T08:00:00+08:00', 'since')).toBe('2026-10-01T00:00:00.000Z');
    expect(() => parseAuditBound('2026-02-30', 'until')).toThrow('--until expects');
    expect(() => parseAuditBound('yesterday', 'since')).toThrow('--since expects');
  });

  it('aligns columns with Chinese text and truncates long cells', () => {
    const table = formatAuditTable(
      [
        {
          id: 7,
          at: '2026-10-20T02:00:00.000Z',
          actor: 'u-gm',
          action: 'account.move',
          entity: 'account',
          entityId: 'A-1',
          before: { division: 'east' },
          after: { division: 'west' },
          reason: '客户总部迁至成都，由西区事业部统一服务并负责后续的全部拜访计划',
        },
      ],
      { locale: 'zh-CN', maxCellWidth: 24 },
    );
    const [head, rule, row] = table.split('\n') as [string, string, string];
    expect(head.startsWith('序号')).toBe(true);
    expect(displayWidth(rule)).toBeGreaterThanOrEqual(displayWidth(row));
    expect(row).toContain('2026-10-20 10:00:00');
    expect(row).toContain('division: east → west');
    expect(row.endsWith('…')).toBe(true);
    expect(displayWidth(row.slice(row.lastIndexOf('  ') + 2))).toBeLessThanOrEqual(24);
  });
});

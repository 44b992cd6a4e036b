import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { isDue, lastSlot } from './send';

const member = (overrides: Partial<Parameters<typeof isDue>[2]> = {}) => ({
  id: 'm', email_verified: true, time_zone: 'America/Toronto', digest_weekday: null, digest_hour: null, covered_until: null, ...overrides
});
const toronto = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Toronto' }).toMillis();

describe('when a digest is due', () => {
  it('is Monday 8 h on the member’s clock by default, for the weekly one', () => {
    expect(lastSlot(toronto('2026-12-02T15:00'), 'weekly', member())).toBe(toronto('2026-11-30T08:00'));
    expect(isDue(toronto('2026-11-30T08:20'), 'weekly', member())).toBe(true);
    expect(isDue(toronto('2026-11-30T07:59'), 'weekly', member())).toBe(false);
    // A first digest waits for its hour rather than leaving the moment someone joins.
    expect(isDue(toronto('2026-12-01T10:00'), 'weekly', member())).toBe(false);
  });

  it('follows the member’s own day, hour and zone, and catches up once after a missed run', () => {
    const paris = member({ time_zone: 'Europe/Paris', digest_weekday: 5, digest_hour: 18 });
    const friday = DateTime.fromISO('2026-12-04T18:05', { zone: 'Europe/Paris' }).toMillis();
    expect(isDue(friday, 'weekly', paris)).toBe(true);
    const covered = { ...paris, covered_until: friday };
    expect(isDue(friday + 3_600_000, 'weekly', covered)).toBe(false);
    // The server was down at the hour: the next run sends it, once.
    const late = { ...paris, covered_until: friday - 7 * 86_400_000 };
    expect(isDue(friday + 5 * 3_600_000, 'weekly', late)).toBe(true);
  });

  it('comes every day at the member’s hour for the daily one', () => {
    const daily = member({ digest_hour: 7, covered_until: toronto('2026-11-30T07:00') });
    expect(isDue(toronto('2026-11-30T20:00'), 'daily', daily)).toBe(false);
    expect(isDue(toronto('2026-12-01T07:10'), 'daily', daily)).toBe(true);
  });
});

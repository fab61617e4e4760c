/**
 * Proleptic Gregorian calendar arithmetic on epoch milliseconds, and time-zone offsets from the
 * runtime's IANA database (Intl). A "local" instant is the wall-clock time of a zone written as if
 * it were UTC milliseconds; for UTC local and instant are the same number.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Days since 1970-01-01 of a civil date (month 1-12). Hinnant's algorithm, exact for all years. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export interface CivilFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millis: number;
  /** ISO day of week: 1 = Monday ... 7 = Sunday. */
  readonly dayOfWeek: number;
  readonly dayOfYear: number;
  /** ISO-8601 week-based year and week of that year. */
  readonly weekYear: number;
  readonly weekOfWeekYear: number;
}

export function fieldsOf(local: number): CivilFields {
  const days = Math.floor(local / DAY_MS);
  const msOfDay = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  const dayOfWeek = ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  const dayOfYear = days - daysFromCivil(year, 1, 1) + 1;
  // ISO week: the week containing the Thursday of this week decides the week-year.
  const thursday = days - dayOfWeek + 4;
  const weekYear = civilFromDays(thursday).year;
  const weekOfWeekYear = Math.floor((thursday - daysFromCivil(weekYear, 1, 1)) / 7) + 1;
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / HOUR_MS),
    minute: Math.floor((msOfDay % HOUR_MS) / MINUTE_MS),
    second: Math.floor((msOfDay % MINUTE_MS) / 1000),
    millis: msOfDay % 1000,
    dayOfWeek,
    dayOfYear,
    weekYear,
    weekOfWeekYear,
  };
}

/** Milliseconds of the day (0 <= r < DAY_MS). */
export function msOfDay(local: number): number {
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** Joda `plusMonths` on a local instant: the day of month is clamped to the target month's length. */
export function plusMonthsLocal(local: number, months: number): number {
  const f = fieldsOf(local);
  const total = f.year * 12 + (f.month - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const nd = Math.min(f.day, daysInMonth(ny, nm));
  return daysFromCivil(ny, nm, nd) * DAY_MS + msOfDay(local);
}

// ---- time zones ---------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        era: "short",
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone id (Data Pipeline uses Joda ids, which are IANA ids). */
export function isKnownZone(zone: string): boolean {
  return zone === "UTC" || formatter(zone) !== null;
}

/** The zone's offset from UTC in milliseconds at an instant. */
export function zoneOffset(zone: string, instant: number): number {
  if (zone === "UTC") return 0;
  const f = formatter(zone);
  if (!f) return 0;
  const whole = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(whole))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === "BC" || parts.era === "B") year = 1 - year;
  const local = daysFromCivil(year, Number(parts.month), Number(parts.day)) * DAY_MS + Number(parts.hour) * HOUR_MS + Number(parts.minute) * MINUTE_MS + Number(parts.second) * 1000;
  return local - whole;
}

/**
 * The instant of a local time in a zone. Where the local time is ambiguous (clocks set back) the
 * earlier offset wins; where it does not exist (clocks set forward) it is moved forward by the gap,
 * as Joda's `getOffsetFromLocal` does.
 */
export function localToInstant(zone: string, local: number): number {
  if (zone === "UTC") return local;
  const o1 = zoneOffset(zone, local);
  const o2 = zoneOffset(zone, local - o1);
  if (o1 === o2) {
    // Ambiguous local times: prefer the larger (earlier, summer) offset when it also maps back.
    const earlier = zoneOffset(zone, local - o1 - HOUR_MS * 3);
    if (earlier > o1 && zoneOffset(zone, local - earlier) === earlier) return local - earlier;
    return local - o1;
  }
  // Gap: use the offset before the transition.
  const before = Math.min(o1, o2);
  return local - before;
}

/**
 * Offset transitions of a zone between two years, as [instant, offset "±HHMM"] pairs; the first
 * pair starts at `fromYear`. Found by sampling every day and bisecting each change to the
 * second.
 */
const transitionCache = new Map<string, readonly { instant: number; offset: string }[]>();

export function zoneTransitions(zone: string, fromYear: number, toYear: number): readonly { instant: number; offset: string }[] {
  const key = `${zone}|${fromYear}|${toYear}`;
  let hit = transitionCache.get(key);
  if (!hit) transitionCache.set(key, (hit = computeTransitions(zone, fromYear, toYear)));
  return hit;
}

function computeTransitions(zone: string, fromYear: number, toYear: number): { instant: number; offset: string }[] {
  const start = daysFromCivil(fromYear, 1, 1) * DAY_MS;
  const end = daysFromCivil(toYear + 1, 1, 1) * DAY_MS;
  const out: { instant: number; offset: string }[] = [{ instant: start, offset: offsetText(zoneOffset(zone, start)) }];
  const step = DAY_MS;
  let prevT = start;
  let prevO = zoneOffset(zone, start);
  for (let t = start + step; t <= end; t += step) {
    const o = zoneOffset(zone, t);
    if (o !== prevO) {
      let lo = prevT;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (mid <= lo) break;
        if (zoneOffset(zone, mid) === prevO) lo = mid;
        else hi = mid;
      }
      out.push({ instant: hi, offset: offsetText(o) });
      prevO = o;
    }
    prevT = t;
  }
  return out;
}

/** `+0530`, `-0800`, `+0000`. */
export function offsetText(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const abs = Math.abs(offsetMs);
  const h = Math.floor(abs / HOUR_MS);
  const m = Math.floor((abs % HOUR_MS) / MINUTE_MS);
  return `${sign}${String(h).padStart(2, "0")}${String(m).padStart(2, "0")}`;
}

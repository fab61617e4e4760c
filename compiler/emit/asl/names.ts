/** State names: `[A-Za-z0-9_-]`, at most 80 characters, unique in the whole state machine. */

const MAX = 80;

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0").slice(0, 7);
}

export function sanitize(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9_-]/g, "_");
  // `__proto__` is a valid id but not a usable key of the plain objects that hold states.
  if (s === raw && s.length <= MAX && s.length > 0 && s !== "__proto__") return s;
  const base = (s || "state").slice(0, MAX - 8);
  return s.length <= MAX && s === raw && s !== "__proto__" ? s : `${base}_${hash(raw)}`.slice(0, MAX);
}

export class StateNames {
  private readonly used = new Set<string>();
  /** The next suffix to try per base name: repeated names cost O(1) each, not a scan from 2. */
  private readonly next = new Map<string, number>();

  /** A unique name for `raw` (an activity id keeps its id whenever it is already valid). */
  take(raw: string): string {
    let name = sanitize(raw);
    if (!this.used.has(name)) {
      this.used.add(name);
      return name;
    }
    const base = name;
    for (let i = this.next.get(base) ?? 2; ; i++) {
      const suffix = `_${i}`;
      name = `${base.slice(0, MAX - suffix.length)}${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        this.next.set(base, i + 1);
        return name;
      }
    }
  }

  reserve(name: string): void {
    this.used.add(name);
  }
}

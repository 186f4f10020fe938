import { type SpecChange, changeLabel } from "./change.js";

/** A semantic version, `major.minor.patch` (pre-release tags are not used here). */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseVersion(text: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`not a version: ${JSON.stringify(text)}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export const formatVersion = (v: Version) => `${v.major}.${v.minor}.${v.patch}`;

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * Whether `next` is a breaking release after `released`: a new major, or before 1.0.0 (where the
 * major is 0) a new minor.
 */
export function allowsBreaking(released: Version, next: Version): boolean {
  if (released.major >= 1) return next.major > released.major;
  return next.major > 0 || next.minor > released.minor;
}

/** The text of the `## <version>` section of a CHANGELOG (up to the next `## `), or undefined. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`).test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/**
 * The release rule: breaking spec changes since the last released specs need a breaking version
 * (major, or minor before 1.0.0) and a CHANGELOG section for that version that quotes each one's
 * label. Returns the problems; none means the check passes.
 */
export function checkRelease(changes: readonly SpecChange[], released: string, current: string, changelog: string): string[] {
  const breaking = changes.filter((c) => c.kind === "breaking");
  if (breaking.length === 0) return [];
  const problems: string[] = [];
  const from = parseVersion(released);
  const to = parseVersion(current);
  if (!allowsBreaking(from, to)) {
    const needed = from.major >= 1 ? `${from.major + 1}.0.0` : `0.${from.minor + 1}.0`;
    problems.push(`${breaking.length} breaking spec change(s) since ${released}, but package.json says ${current}: a breaking release is at least ${needed}.`);
  }
  const section = changelogSection(changelog, current);
  if (section === undefined) {
    problems.push(`CHANGELOG.md has no "## ${current}" section naming the breaking change(s).`);
  } else {
    for (const c of breaking) if (!section.includes(changeLabel(c))) problems.push(`CHANGELOG.md's ${current} section does not name: ${changeLabel(c)}`);
  }
  return problems;
}

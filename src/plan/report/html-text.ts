/** Text made safe inside HTML, an attribute's value included. */
export const html = (s: unknown): string => String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A duration as the report shows it: seconds, or minutes from two minutes on. */
export const seconds = (ms: number): string => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/exit-codes.js";
import { parseRestoreTime } from "../../src/cli/time.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

/** `--time`: RFC 3339 with an offset, or epoch time with a unit; any date that does not exist is refused, never moved. */
describe("parseRestoreTime", () => {
  const accepted: [string, number][] = [
    ["2018-07-19T11:57:26.987Z", 1532001446987],
    ["2018-07-19T13:57:26.987+02:00", 1532001446987],
    ["2018-07-19T06:27:26.987-05:30", 1532001446987],
    ["2018-07-19t11:57:26.987z", 1532001446987],
    ["2018-07-19T11:57:26-00:00", 1532001446000],
    ["2018-07-19T11:57:26.9Z", 1532001446900],
    ["2016-02-29T00:00:00Z", Date.UTC(2016, 1, 29)],
    ["2000-02-29T23:59:59.999Z", Date.UTC(2000, 1, 29, 23, 59, 59, 999)],
    ["0099-12-31T00:00:00Z", -59011545600000], // year 99, not 1999: new Date(-59011545600000).toISOString() is 0099-12-31T00:00:00.000Z
    ["1532001446987ms", 1532001446987],
    ["1532001446s", 1532001446000],
  ];
  for (const [value, epochMs] of accepted) {
    it(`accepts ${value}`, () => {
      expect(parseRestoreTime(value)).toEqual({ epochMs, iso: new Date(epochMs).toISOString() });
    });
  }

  const refused: [string, RegExp][] = [
    ["2018-02-30T11:57:26Z", /is not a date: February 2018 has 28 days \(2018 is not a leap year\)/],
    ["2100-02-29T00:00:00Z", /February 2100 has 28 days \(2100 is not a leap year\)/],
    ["2018-04-31", /is not a date: April 2018 has 30 days/],
    ["2018-04-31T10:00:00Z", /is not a date: April 2018 has 30 days/],
    ["2018-04-30", /is a day, not an instant: add the time and the offset, such as 2018-04-30T00:00:00Z/],
    ["2018-07-19T24:00:00Z", /has hour 24; hours are 00 to 23/],
    ["2018-07-19T25:00:00Z", /has hour 25/],
    ["2018-13-45T00:00:00Z", /has month 13; months are 01 to 12/],
    ["2018-07-19T11:60:00Z", /has minute 60/],
    ["2018-12-31T23:59:60Z", /names a leap second \(:60\), which has no epoch millisecond/],
    ["2018-07-19T11:57:61Z", /has second 61/],
    ["2018-07-19T11:57:26.9876Z", /has 4 fractional digits; the API takes milliseconds, at most 3 digits/],
    ["2018-07-19T11:57Z", /has no seconds, which RFC 3339 requires: 2018-07-19T11:57:00Z/],
    ["2018-07-19T11:57:26", /has no offset, so its instant would depend on this machine's time zone: add Z for UTC or \+hh:mm, such as 2018-07-19T11:57:26Z/],
    ["2018-07-19T11:57:26+24:00", /offsets are -23:59 to \+23:59/],
    ["2018-07-19 11:57:26Z", /is not an RFC 3339 date-time/],
    ["1532001446", /is a bare number, which could be seconds \(2018-07-19T11:57:26\.000Z\) or milliseconds \(1970-01-18T17:33:21\.446Z\); write the unit, 1532001446s or 1532001446ms/],
    ["1532001446987", /is a bare number/],
    ["99999999999999999ms", /beyond the dates JavaScript can represent/],
    ["yesterday", /is not an RFC 3339 date-time with an offset/],
  ];
  for (const [value, message] of refused) {
    it(`refuses ${value}`, () => {
      let error: unknown;
      try {
        parseRestoreTime(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(new RegExp(`^--time ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `));
      expect((error as Error).message).toMatch(message);
    });
  }

  it("agrees with the calendar: every valid date-time is accepted exactly, every impossible day of month refused", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-12-31T23:59:59Z"), noInvalidDate: true }), fc.integer({ min: -14, max: 14 }), (date, hours) => {
        const offset = `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`;
        const local = new Date(date.getTime() + hours * 3_600_000).toISOString().replace("Z", offset);
        expect(parseRestoreTime(local).epochMs).toBe(date.getTime());
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 31 }), (year, month, day) => {
        const text = `${year}-${String(month).padStart(2, "0")}-${day}T00:00:00Z`;
        const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
        if (real) expect(parseRestoreTime(text).epochMs).toBe(Date.UTC(year, month - 1, day));
        else expect(() => parseRestoreTime(text)).toThrow(/is not a date/);
      }),
    );
  });
});

describe("--time through the CLI", () => {
  let emulator: Emulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, restoreDurationMs: 60_000 });
    const c = emulator.credentials;
    env = { HUAWEICLOUD_SDK_AK: c.ak, HUAWEICLOUD_SDK_SK: c.sk, HUAWEICLOUD_SDK_PROJECT_ID: c.projectId };
  });
  afterAll(() => emulator.stop());
  const rds = () => ["rds", "restore", "--endpoint", emulator.url, "--instance-id", "d8e6ca5a624745bcb546a227aa3ae1cfin01"];

  it("a day that does not exist, or a bare number, exits 2 with the reason, and nothing is sent", async () => {
    for (const [time, message] of [
      ["2018-02-30T11:57:26Z", /^restorekit: --time "2018-02-30T11:57:26Z" is not a date: February 2018 has 28 days/m],
      ["1532001446", /^restorekit: --time "1532001446" is a bare number, which could be seconds .*write the unit/m],
    ] as const) {
      const r = await runCli([...rds(), "--time", time], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("the chosen instant is printed back, as ISO and epoch milliseconds, in the dry run and in the real run", async () => {
    const line = "restore point: 2018-07-19T11:57:26.987Z (1532001446987 ms since the epoch)";
    const dry = await runCli([...rds(), "--time", "2018-07-19T13:57:26.987+02:00", "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split("\n")[0]).toBe(line);
    expect(dry.stdout).toContain('"restore_time":1532001446987');
    const real = await runCli([...rds(), "--time", "1532001446987ms"], env);
    expect(real.code).toBe(0);
    expect(real.stdout.split("\n")[0]).toBe(line);
    const json = await runCli([...rds(), "--time", "2018-07-19T11:57:26.987Z", "--json", "--target-instance-id", "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01"], env);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { restorePoint: unknown; sent: { body: { source: { restore_time: number } } } };
    expect(out.restorePoint).toEqual({ iso: "2018-07-19T11:57:26.987Z", epochMs: 1532001446987 });
    expect(out.sent.body.source.restore_time).toBe(1532001446987);
    expect(emulator.restoreLog.map((r) => (r.body as { source: { restore_time: number } }).source.restore_time)).toEqual([1532001446987, 1532001446987]);
  });
});

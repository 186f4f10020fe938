import { describe, expectTypeOf, it } from "vitest";
import {
  type CbrBackupState,
  type CbrRestoreBackupInput,
  type CbrRestoreBackupOutput,
  type CbrShowBackupInput,
  type CbrShowBackupOutput,
  type CsbsClient,
  type CsbsCreateRestoreInput,
  type CsbsCreateRestoreOutput,
  type CsbsShowCheckpointItemInput,
  type CsbsShowCheckpointItemOutput,
  type RdsRestoreToExistingInstanceInput,
  type RdsRestoreToExistingInstanceOutput,
  type RdsShowJobInput,
  type RdsShowJobOutput,
  type VbsClient,
  type VbsRestoreBackupInput,
  type VbsRestoreBackupOutput,
  type VbsShowVolumeInput,
  type VbsShowVolumeOutput,
  type CbrClient,
  type CsbsItemState,
  type RdsClient,
  type RdsJobState,
  type RestoreClient,
  type VbsVolumeState,
  type Waited,
  waitForCbrRestore,
  waitForCsbsRestore,
  waitForRdsJob,
  waitForVbsRestore,
} from "../../src/index.js";

declare const rk: RestoreClient;
declare const cbr: CbrClient;
declare const rds: RdsClient;
declare const csbs: CsbsClient;
declare const vbs: VbsClient;
/** A setting known only at run time, such as a CLI flag. */
declare const waitFlag: boolean;

describe("the public API's types", () => {
  // The bodies below are type-checked by `npm run typecheck`; they are never run (rk is only declared).
  it("resolve to the documented bodies", () => {
    const typesOnly = (): void => {
    expectTypeOf(rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(rk.rds.restoreToExistingInstance({ source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } })).resolves.toEqualTypeOf<{ job_id?: string }>();
    expectTypeOf(rk.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).resolves.toHaveProperty("restore");
    expectTypeOf(rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { wait: true })).resolves.toEqualTypeOf<Waited<undefined, CbrBackupState>>();
    expectTypeOf(rk.rds.waitForJob("j")).resolves.toEqualTypeOf<RdsJobState>();
    };
    expectTypeOf(typesOnly).toBeFunction();
  });

  it("CSBS provider_id is optional for callers (it is filled in)", () => {
    const typesOnly = (): void => {
      expectTypeOf(rk.csbs.createRestore).toBeCallableWith({
        restore: { checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } },
      });
    };
    expectTypeOf(typesOnly).toBeFunction();
  });

  it("reject wrong bodies at compile time", () => {
    const never = (): void => {
      // @ts-expect-error unknown field
      void rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v", power0n: true } });
      // @ts-expect-error wrong enum value for RDS type
      void rk.rds.restoreToExistingInstance({ source: { instance_id: "i", type: "snapshot" }, target: { instance_id: "i" } });
      // @ts-expect-error VBS restore needs volume_id
      void rk.vbs.restoreBackup({ backupId: "b", restore: {} });
      // @ts-expect-error power_on is a boolean
      void rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v", power_on: "yes" } });
      // @ts-expect-error backupId is required
      void rk.vbs.restoreBackup({ restore: { volume_id: "v" } });
      // @ts-expect-error CBR needs a target (server_id, volume_id or resource_id)
      void rk.cbr.restoreBackup({ backupId: "b", restore: { power_on: true } });
    };
    expectTypeOf(never).toBeFunction();
  });

  it("single-service clients: the operations without { wait }; the waiters are functions that take either client", () => {
    const typesOnly = (): void => {
      expectTypeOf(cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).resolves.toEqualTypeOf<undefined>();
      expectTypeOf(cbr.showBackup({ backupId: "b" })).resolves.toEqualTypeOf<CbrBackupState>();
      expectTypeOf(rds.showJob({ id: "j" })).resolves.toEqualTypeOf<RdsJobState>();
      expectTypeOf(waitForCbrRestore(cbr, "b")).resolves.toEqualTypeOf<CbrBackupState>();
      expectTypeOf(waitForCbrRestore(rk.cbr, "b", { maxWaitMs: 1000 })).resolves.toEqualTypeOf<CbrBackupState>();
      expectTypeOf(waitForCsbsRestore(rk.csbs, "i")).resolves.toEqualTypeOf<CsbsItemState>();
      expectTypeOf(waitForVbsRestore(rk.vbs, "v")).resolves.toEqualTypeOf<VbsVolumeState>();
      expectTypeOf(waitForRdsJob(rds, "j")).resolves.toEqualTypeOf<RdsJobState>();
    };
    expectTypeOf(typesOnly).toBeFunction();
  });

  it("single-service clients reject { wait } and a waiter for another service's client", () => {
    const never = (): void => {
      // @ts-expect-error waiting is a separate import on single-service clients
      void cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { wait: true });
      // @ts-expect-error an RDS client cannot read CBR backups
      void waitForCbrRestore(rds, "b");
      // @ts-expect-error showJob needs the job id
      void rds.showJob({});
    };
    expectTypeOf(never).toBeFunction();
  });

  it("{ wait: boolean } compiles and resolves to either shape; a literal picks one", () => {
    const typesOnly = (): void => {
      expectTypeOf(rk.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { wait: waitFlag })).resolves.toEqualTypeOf<
        { restore?: { backup_id?: string; volume_id?: string; volume_name?: string } } | Waited<{ restore?: { backup_id?: string; volume_id?: string; volume_name?: string } }, VbsVolumeState>
      >();
      expectTypeOf(rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { wait: waitFlag, timeoutMs: 5000 })).resolves.toEqualTypeOf<undefined | Waited<undefined, CbrBackupState>>();
      expectTypeOf(rk.rds.restoreToExistingInstance({ source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } }, { wait: false })).resolves.toEqualTypeOf<{ job_id?: string }>();
      const options: { wait: boolean } = { wait: waitFlag };
      expectTypeOf(rk.csbs.createRestore).toBeCallableWith(
        { restore: { checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } } },
        options,
      );
    };
    expectTypeOf(typesOnly).toBeFunction();
  });

  it("every method's input and output has a name a program can write, equal to what the method takes and gives", () => {
    type In<F> = F extends (input: infer I, ...rest: never[]) => unknown ? I : never;
    type Out<F> = F extends (...args: never[]) => Promise<infer O> ? O : never;
    expectTypeOf<CbrRestoreBackupInput>().toEqualTypeOf<In<CbrClient["restoreBackup"]>>();
    expectTypeOf<CbrRestoreBackupOutput>().toEqualTypeOf<Out<CbrClient["restoreBackup"]>>();
    expectTypeOf<CbrShowBackupInput>().toEqualTypeOf<In<CbrClient["showBackup"]>>();
    expectTypeOf<CbrShowBackupOutput>().toEqualTypeOf<CbrBackupState>();
    expectTypeOf<CsbsCreateRestoreInput>().toEqualTypeOf<In<CsbsClient["createRestore"]>>();
    expectTypeOf<CsbsCreateRestoreOutput>().toEqualTypeOf<Out<CsbsClient["createRestore"]>>();
    expectTypeOf<CsbsShowCheckpointItemInput>().toEqualTypeOf<In<CsbsClient["showCheckpointItem"]>>();
    expectTypeOf<CsbsShowCheckpointItemOutput>().toEqualTypeOf<CsbsItemState>();
    expectTypeOf<VbsRestoreBackupInput>().toEqualTypeOf<In<VbsClient["restoreBackup"]>>();
    expectTypeOf<VbsRestoreBackupOutput>().toEqualTypeOf<Out<VbsClient["restoreBackup"]>>();
    expectTypeOf<VbsShowVolumeInput>().toEqualTypeOf<In<VbsClient["showVolume"]>>();
    expectTypeOf<VbsShowVolumeOutput>().toEqualTypeOf<VbsVolumeState>();
    expectTypeOf<RdsRestoreToExistingInstanceInput>().toEqualTypeOf<In<RdsClient["restoreToExistingInstance"]>>();
    expectTypeOf<RdsRestoreToExistingInstanceOutput>().toEqualTypeOf<{ job_id?: string }>();
    expectTypeOf<RdsShowJobInput>().toEqualTypeOf<In<RdsClient["showJob"]>>();
    expectTypeOf<RdsShowJobOutput>().toEqualTypeOf<RdsJobState>();
    const typesOnly = (): void => {
      // An input built ahead of the call is accepted as it is.
      const input: VbsRestoreBackupInput = { backupId: "b", restore: { volume_id: "v" } };
      expectTypeOf(vbs.restoreBackup).toBeCallableWith(input);
      expectTypeOf(csbs.showCheckpointItem).toBeCallableWith({ checkpointItemId: "i" } satisfies CsbsShowCheckpointItemInput);
    };
    expectTypeOf(typesOnly).toBeFunction();
  });
});

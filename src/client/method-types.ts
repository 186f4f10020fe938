/**
 * Each method's input and output under a name a program can write, for code that builds an
 * input before the call or passes an answer on (`InputOf` and `OutputOf` need the generated
 * `operations` types, which the package does not export).
 */
import type { operations as Cbr } from "../../generated/types/cbr.js";
import type { operations as Csbs } from "../../generated/types/csbs.js";
import type { operations as Rds } from "../../generated/types/rds.js";
import type { operations as Vbs } from "../../generated/types/vbs.js";
import type { CreateRestoreInput } from "../services/csbs.js";
import type { InputOf, OutputOf } from "./operation-types.js";

/** `cbr.restoreBackup`'s input: `{ backupId, restore }`. */
export type CbrRestoreBackupInput = InputOf<Cbr["restoreBackup"]>;
/** `cbr.restoreBackup` resolves to `undefined` (202, no body). */
export type CbrRestoreBackupOutput = OutputOf<Cbr["restoreBackup"]>;
export type CbrShowBackupInput = InputOf<Cbr["showBackup"]>;
export type CbrShowBackupOutput = OutputOf<Cbr["showBackup"]>;

/** `csbs.createRestore`'s input: `{ restore }`, `provider_id` optional (it is filled in). */
export type CsbsCreateRestoreInput = CreateRestoreInput;
export type CsbsCreateRestoreOutput = OutputOf<Csbs["createRestore"]>;
export type CsbsShowCheckpointItemInput = InputOf<Csbs["showCheckpointItem"]>;
export type CsbsShowCheckpointItemOutput = OutputOf<Csbs["showCheckpointItem"]>;

/** `vbs.restoreBackup`'s input: `{ backupId, restore: { volume_id } }`. */
export type VbsRestoreBackupInput = InputOf<Vbs["restoreBackup"]>;
export type VbsRestoreBackupOutput = OutputOf<Vbs["restoreBackup"]>;
export type VbsShowVolumeInput = InputOf<Vbs["showVolume"]>;
export type VbsShowVolumeOutput = OutputOf<Vbs["showVolume"]>;

/** `rds.restoreToExistingInstance`'s input: `{ source, target }`. */
export type RdsRestoreToExistingInstanceInput = InputOf<Rds["restoreToExistingInstance"]>;
export type RdsRestoreToExistingInstanceOutput = OutputOf<Rds["restoreToExistingInstance"]>;
export type RdsShowJobInput = InputOf<Rds["showJob"]>;
export type RdsShowJobOutput = OutputOf<Rds["showJob"]>;

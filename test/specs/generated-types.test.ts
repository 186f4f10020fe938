import { describe, expectTypeOf, it } from "vitest";
import type { components as Cbr } from "../../generated/types/cbr.js";
import type { components as Csbs } from "../../generated/types/csbs.js";
import type { components as Rds } from "../../generated/types/rds.js";
import type { components as Vbs } from "../../generated/types/vbs.js";

type CbrBody = Cbr["schemas"]["RestoreBackupRequest"];
type CsbsBody = Csbs["schemas"]["CreateRestoreRequest"];
type VbsBody = Vbs["schemas"]["RestoreBackupRequest"];
type RdsBody = Rds["schemas"]["RestoreToExistingInstanceRequest"];

describe("the generated types accept the documented examples and reject wrong bodies", () => {
  it("accept each page's example request", () => {
    expectTypeOf({
      restore: {
        mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
        power_on: true,
        server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
      },
    }).toExtend<CbrBody>();
    expectTypeOf({
      restore: {
        provider_id: "fc4d5750-22e7-4798-8a46-f48f62c4c1da" as const,
        checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
        parameters: { checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d", power_on: true, targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] } },
      },
    }).toExtend<CsbsBody>();
    expectTypeOf({ restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }).toExtend<VbsBody>();
    expectTypeOf({ source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp" as const, restore_time: 1532001446987 }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } }).toExtend<RdsBody>();
  });

  it("keep fields with a default optional (CBR power_on, RDS source.type)", () => {
    expectTypeOf({ restore: { volume_id: "v" } }).toExtend<CbrBody>();
    expectTypeOf({ source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } }).toExtend<RdsBody>();
  });

  it("reject a wrong enum value, a missing required field and a wrong type", () => {
    // @ts-expect-error RDS type is backup or timestamp
    const wrongEnum: RdsBody = { source: { instance_id: "i", type: "snapshot" }, target: { instance_id: "i" } };
    // @ts-expect-error VBS restore needs volume_id
    const missing: VbsBody = { restore: {} };
    // @ts-expect-error CSBS needs checkpoint_id
    const missingCsbs: CsbsBody = { restore: { provider_id: "fc4d5750-22e7-4798-8a46-f48f62c4c1da", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } } };
    // @ts-expect-error CBR power_on is a boolean
    const wrongType: CbrBody = { restore: { volume_id: "v", power_on: "yes" } };
    // @ts-expect-error CSBS provider_id has one value
    const wrongConst: CsbsBody = { restore: { provider_id: "x", checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } } };
    void [wrongEnum, missing, missingCsbs, wrongType, wrongConst];
  });
});

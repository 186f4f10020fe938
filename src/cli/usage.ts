/** Help texts, one per command, each with an example. */
const shared = `Shared options:
  --cloud huaweicloud|otc     default huaweicloud
  --region ID                 for example eu-de
  --project-id ID             or HUAWEICLOUD_SDK_PROJECT_ID / OS_PROJECT_ID
  --endpoint URL              one base URL for every service (the emulator's URL)
  --token TOKEN               an IAM token; otherwise credentials come from the environment
                              (HUAWEICLOUD_SDK_AK/SK, OS_AUTH_TOKEN, or OS_USERNAME/OS_PASSWORD/OS_USER_DOMAIN_NAME)
  --wait                      wait until the restore has finished
  --timeout MS                per-request timeout; with --wait, also the longest wait
  --dry-run                   print the exact request (secrets redacted) and send nothing
  --json                      machine-readable output
  --verbose                   more detail on errors and progress
  -h, --help`;

export const usage: Record<string, string> = {
  main: `restorekit: restore Huawei Cloud and Open Telekom Cloud backups

Usage:
  restorekit cbr restore ...      restore a server or a disk from a CBR backup
  restorekit csbs restore ...     restore a server from a CSBS backup
  restorekit vbs restore ...      restore a disk from a VBS backup
  restorekit rds restore ...      restore an RDS instance from a backup or to a point in time
  restorekit emulator [...]       run the local emulator of the four APIs
  restorekit regions              list clouds, regions and endpoints
  restorekit plan check|apply|status|report FILE   run a restore plan of many resources

Run "restorekit <command> --help" for a command's options and an example.

Exit codes: 0 success, 1 the service refused or was unreachable (nothing applied), 2 bad usage,
validation or configuration (nothing sent), 3 the restore failed while waiting, 4 the wait timed
out, 5 the restore may have been applied or was accepted but not confirmed (check its status; do
not send it again), 130 interrupted.`,
  cbr: `restorekit cbr restore --backup-id B (--server-id S --map BACKUP:VOLUME ... | --volume-id V) [--no-power-on]

Example:
  restorekit cbr restore --region eu-de --cloud otc --backup-id a5200268-74a5-4806-acc6-95793ab0228b \\
    --server-id 94eba8b2-acc9-4d82-badc-127144cc5526 \\
    --map 5d822633-2bbf-4af8-a16e-5ab1c7705235:eccbcfdd-f843-4bbb-b2c0-a5ce861f9376 --wait

${shared}`,
  csbs: `restorekit csbs restore --checkpoint-id C --checkpoint-item-id I --server-id S --map BACKUP:VOLUME ... [--no-power-on]

Example:
  restorekit csbs restore --region eu-de --cloud otc --checkpoint-id a2b9fb53-2770-4fcd-9bad-6cadd56e6c09 \\
    --checkpoint-item-id 504b7d59-c361-411f-9ed3-814f35d08e3d --server-id f45c477a-57e5-465f-999f-d845083962db \\
    --map bc118c24-3234-4afd-8423-d66d3d677649:ee27f809-6fb5-40ae-ac46-c932bb4ee8fe --wait

${shared}`,
  vbs: `restorekit vbs restore --backup-id B --volume-id V

Example:
  restorekit vbs restore --region eu-de --cloud otc --backup-id 1d1139d8-8989-49d3-8aa1-83eb691e6db2 \\
    --volume-id 2748f2f2-4394-4e6e-af8d-8dd34496c024 --wait

${shared}`,
  rds: `restorekit rds restore --instance-id SRC (--backup-id B | --time 2026-11-20T10:00:00Z) [--target-instance-id T]

The target defaults to the source instance. --time takes ISO 8601 with Z or an offset, or epoch
milliseconds.

Example:
  restorekit rds restore --region eu-de --cloud otc --instance-id d8e6ca5a624745bcb546a227aa3ae1cfin01 \\
    --time 2018-07-19T11:57:26.987Z --wait

${shared}`,
  emulator: `restorekit emulator [--port 4010] [--host 127.0.0.1] [--fixtures state.json] [--seed N]

Runs the local emulator of the four restore APIs and IAM, and prints its URL and the credentials
it accepts.

Example:
  restorekit emulator --port 4010`,
  regions: `restorekit regions [--json]

Lists the clouds, regions and endpoints restorekit knows for each service.

Example:
  restorekit regions --json`,
};

/** What a command of the CLI is: its flags, its help, and what it runs. */

/** One flag. A flag without `value` is a boolean switch. */
export interface FlagSpec {
  readonly name: string;
  /** The value's placeholder in help (`ID`, `URL`); absent for a switch. */
  readonly value?: string;
  readonly multiple?: boolean;
  readonly short?: string;
  readonly help: string;
  /** What applies when the flag is not given, shown in help as `default: …`. */
  readonly default?: string;
  /** Shown in help as `required`. */
  readonly required?: boolean;
}

/** A titled group of flags in a command's help. */
export interface FlagGroup {
  readonly title: string;
  readonly flags: readonly FlagSpec[];
}

export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts on Ctrl-C. */
  readonly signal: AbortSignal;
}

export interface Command {
  /** The word after the family (`restore`), or `undefined` for a family that is one command (`emulator`). */
  readonly name: string | undefined;
  readonly summary: string;
  /** The flags after the command words, as in `restorekit vbs restore --backup-id B --volume-id V`. */
  readonly synopsis: string;
  /** Longer help, shown between the synopsis and the flags. */
  readonly description?: string;
  readonly groups: readonly FlagGroup[];
  /** A word the command takes after its flags' names, such as a plan's FILE; given to `run` as `flags[operand.name]`. */
  readonly operand?: { readonly name: string; readonly help: string };
  readonly example: string;
  /** Runs the command; resolves to its exit code. Errors are reported by `main`. */
  run(flags: Flags, io: Io): Promise<number>;
}

/** `restorekit <family> [command] …`: the services, `emulator`, `regions`, and whatever is added to the registry. */
export interface CommandFamily {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
}

/** The help flag every command takes. */
export const helpFlag: FlagSpec = { name: "help", short: "h", help: "show this help" };

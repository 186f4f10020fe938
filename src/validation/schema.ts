/**
 * The JSON Schema subset that the generator keeps from the specs for checking requests at run
 * time. `scripts/emit-operations.ts` refuses any other keyword, so that no rule of a spec can be
 * silently skipped by the validator.
 */
export type JsonType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

export interface Schema {
  /** Names a composite rule (allOf entry, if/then, not, anyOf, oneOf) in error messages. */
  readonly title?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly not?: Schema;
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
}

/** Every keyword a runtime {@link Schema} may carry; the generator refuses all others. */
export const schemaKeywords = {
  title: true,
  type: true,
  enum: true,
  const: true,
  required: true,
  properties: true,
  additionalProperties: true,
  minProperties: true,
  maxProperties: true,
  items: true,
  minItems: true,
  maxItems: true,
  minLength: true,
  maxLength: true,
  pattern: true,
  minimum: true,
  maximum: true,
  allOf: true,
  anyOf: true,
  oneOf: true,
  not: true,
  if: true,
  then: true,
  else: true,
} as const satisfies Record<keyof Schema, true>;

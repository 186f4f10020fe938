/** Type-level helpers that turn an openapi-typescript `operations` entry into a method's types. */
import type { CallOptions } from "./options.js";

/** `backup_id` → `backupId`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** Parameters the client fills in itself: the project, and the API version of RDS's path. */
type ClientFilled = "project_id" | "version_id";

type Camelized<P> = { [K in keyof P as K extends ClientFilled ? never : CamelCase<K & string>]: P[K] };

type PathOf<O> = O extends { parameters: { path: infer P } } ? (P extends object ? Camelized<P> : unknown) : unknown;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [object] ? Camelized<Q> : unknown) : unknown;
type BodyOf<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : unknown;

/** A method's input: the camelCase path and query parameters and the JSON body's members. */
export type InputOf<O> = PathOf<O> & QueryOf<O> & BodyOf<O>;

type SuccessStatus = 200 | 201 | 202 | 204;

/** What a method resolves to: the documented success body, or `undefined` when there is none. */
export type OutputOf<O> = O extends { responses: infer R }
  ? {
      [S in keyof R & SuccessStatus]: R[S] extends { content: { "application/json": infer B } } ? B : undefined;
    }[keyof R & SuccessStatus]
  : never;

/** Makes `K` optional inside `T[Outer]` (a field the client fills in, such as CSBS `provider_id`). */
export type FilledIn<T, Outer extends keyof T, K extends keyof T[Outer]> = Omit<T, Outer> & {
  [P in Outer]: Omit<T[Outer], K> & Partial<Pick<T[Outer], K>>;
};

/** The method of one operation: its input and call options in, its documented success body out. */
export type OperationMethod<O> = (input: InputOf<O>, options?: CallOptions) => Promise<OutputOf<O>>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A plain JSON copy of a value (typed arrays and undefined fields dropped), for artifact headers. */
export const toJsonValue = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

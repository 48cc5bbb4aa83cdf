// A message many sockets receive at once (a standings snapshot or change, the same object for every
// watcher on this instance) is serialised once, not once per socket: the producer marks it with
// `shareJson`, and the WebSocket adapter asks `sharedJson` for its text before stringifying it
// itself. A board of 1,000 rows is about 150 KB of JSON; 100 arrivals a second stringified it 100
// times a second. Only plain JSON data may be marked: the text is made on first use and kept for
// as long as the object lives.

const texts = new WeakMap<object, string | null>();

/** Marks `value` as sent to many sockets unchanged; returns it. */
export function shareJson<T extends object>(value: T): T {
  if (!texts.has(value)) texts.set(value, null);
  return value;
}

/** The JSON text of a value marked with `shareJson` (made once), or undefined for any other value. */
export function sharedJson(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const text = texts.get(value);
  if (text === undefined) return undefined;
  if (text !== null) return text;
  const made = JSON.stringify(value);
  texts.set(value, made);
  return made;
}

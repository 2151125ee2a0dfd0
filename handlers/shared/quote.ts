/** How many characters of an input an error or a log line quotes. */
export const MAX_QUOTED_CHARACTERS = 200;

/** A text cut to `max` characters, naming how many were left out. */
export function clip(text: string, max: number = MAX_QUOTED_CHARACTERS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * An input as an error quotes it: JSON, cut to `MAX_QUOTED_CHARACTERS` with the length left out
 * named, so a 200 KB field cannot make a 200 KB log line.
 */
export function quote(value: unknown, max: number = MAX_QUOTED_CHARACTERS): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

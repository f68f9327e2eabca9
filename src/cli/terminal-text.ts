/**
 * Text that came from elsewhere (a provider's user, a gateway's problem) as a terminal may show it:
 * every control character (C0, DEL, C1: Unicode's Cc) written out visibly (`\x1b`, `\r`, `\x9b`),
 * so that no value can retitle or clear the terminal, move its cursor or forge a table row; and the
 * bidirectional overrides and isolates (`\u{202e}`), which would reorder what follows them on the
 * line ("Trojan Source"), so that a name cannot make a row read as something else.
 */
const CONTROLS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const CONTROLS_BUT_LINE_FEED = /(?!\n)[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(control: string): string {
  const code = control.charCodeAt(0);
  return NAMED[control] ?? (code > 0xff ? `\\u{${code.toString(16)}}` : `\\x${code.toString(16).padStart(2, '0')}`);
}

/** One value (a table cell, a name): every control character escaped, line feeds included. */
export function visible(value: string): string {
  return value.replace(CONTROLS, escape);
}

/** A whole output of lines: every control character escaped but the line feeds that end its lines. */
export function terminalText(text: string): string {
  return text.replace(CONTROLS_BUT_LINE_FEED, escape);
}

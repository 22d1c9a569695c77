import { z } from 'zod'

/**
 * The one rule for text people send: every free-text field of every request schema is a `line()` (one line: names,
 * titles, usernames) or a `text()` (notes and descriptions, which may hold line breaks and tabs), and the API applies
 * `textProblem()` to every query-string and path value too. Refused, never stored:
 * - control characters (C0 except tab/newline/CR in `text()`, DEL, C1): PostgreSQL cannot hold a NUL at all, and an
 *   escape sequence in a title is a terminal attack on whoever reads the logs;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what the wall shows
 *   ("Trojan Source"); Chinese text never needs them, so they are refused rather than silently stripped, and the
 *   sender sees why;
 * - lone UTF-16 surrogates, which are not characters and cannot be encoded as UTF-8.
 * Lengths are per field, counted in UTF-16 code units (a Chinese character is one).
 */
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/** Why a piece of text may not be stored or shown, or null. `multiline` allows tab, line feed and carriage return. */
export function textProblem(s: string, multiline = false): string | null {
  const control = (multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).exec(s)
  if (control) return `must not contain control characters (${codePoint(control[0])})`
  const bidi = BIDI_CONTROL.exec(s)
  if (bidi) return `must not contain bidirectional control characters (${codePoint(bidi[0])})`
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (a lone surrogate)'
  return null
}

export interface TextOptions {
  /** At least this many characters after trimming (1: not empty). Default 0. */
  min?: number
  /** Trim surrounding white space before checking (default true; false for passwords and tokens). */
  trim?: boolean
  /** What to say when it is shorter than `min`. */
  tooShort?: string
}

function checked(max: number, multiline: boolean, o: TextOptions) {
  let s = z.string({ message: 'must be text' })
  if (o.trim !== false) s = s.trim()
  if (o.min) s = s.min(o.min, o.tooShort ?? (o.min === 1 ? 'is empty' : `must be at least ${o.min} characters`))
  return s.max(max, `must be at most ${max} characters`).superRefine((v, ctx) => {
    const problem = textProblem(v, multiline)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
}

/** One line of text of at most `max` characters: no line breaks, tabs or other controls, no bidi controls. */
export const line = (max: number, o: TextOptions = {}) => checked(max, false, o)

/** Free text of at most `max` characters: line breaks and tabs allowed, other controls and bidi controls not. */
export const text = (max: number, o: TextOptions = {}) => checked(max, true, o)

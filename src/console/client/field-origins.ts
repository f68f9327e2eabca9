import type { FieldOrigin, FieldPath } from '../../canonical/provenance';
import type { MergedField, MergedRecord, ValueSource } from './gateway-client';
import { cardField, FIELD_LABELS, fieldLabel, HIDDEN_PII, PII_FIELDS } from './user-fields';

/** An adapter that documents no source for a field still says which connection the value came from. */
export const UNNAMED_PROVIDER_FIELD = 'field not named by the adapter';

/**
 * Where each field's value came from, as rows people read: a person's merged record (several
 * accounts) and one account's provenance (`?include=provenance`) look the same. A row is agreed
 * (its value, with every connection, provider field and transform behind it), a conflict (each
 * connection's value and origin, nothing resolved), or hidden from a token without `users:pii`.
 */
export type OriginRow =
  | { state: 'agreed'; field: string; label: string; text: string; sources: ValueSource[] }
  | { state: 'conflict'; field: string; label: string; values: (ValueSource & { text: string })[] }
  | { state: 'hidden'; field: string; label: string; text: string };

/** The gateway leaves PII out of a record entirely, so a hidden field is told apart here, by scope. */
export function recordRows(record: MergedRecord, piiVisible: boolean): OriginRow[] {
  const rows: OriginRow[] = [];
  const hiddenShown = new Set<string>();
  for (const path of Object.keys(FIELD_LABELS) as FieldPath[]) {
    const merged = record[path];
    if (merged) {
      rows.push(originRow(path, merged));
      continue;
    }
    // One hidden row for the address, not one per part.
    const field = cardField(path);
    if (!piiVisible && PII_FIELDS.has(field) && !hiddenShown.has(field)) {
      hiddenShown.add(field);
      rows.push({ state: 'hidden', field, label: fieldLabel(field), text: HIDDEN_PII });
    }
  }
  return rows;
}

/** One account's provenance: every field agreed by its only source. */
export function provenanceRows(provenance: Partial<Record<FieldPath, FieldOrigin>>, piiVisible: boolean): OriginRow[] {
  const record: MergedRecord = {};
  for (const [path, { value, ...source }] of Object.entries(provenance) as [FieldPath, FieldOrigin][]) {
    record[path] = { value, sources: [source] };
  }
  return recordRows(record, piiVisible);
}

function originRow(path: FieldPath, merged: MergedField): OriginRow {
  const label = FIELD_LABELS[path];
  if ('conflict' in merged) {
    return { state: 'conflict', field: path, label, values: merged.conflict.map(({ value, ...source }) => ({ ...source, text: valueText(value) })) };
  }
  return { state: 'agreed', field: path, label, text: valueText(merged.value), sources: merged.sources };
}

export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

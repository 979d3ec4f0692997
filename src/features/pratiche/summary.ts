import type { Translate } from '../../web/i18n.ts';
import type { FieldDef, FormContext, PraticaType } from './fields.ts';
import type { Payload } from './payload.ts';

export interface SummarySection {
  step: string;
  title: string;
  rows: { label: string; value: string }[];
}

function shown(
  field: FieldDef,
  raw: string | string[] | undefined,
  context: FormContext,
  t: Translate,
  files: Map<string, string>,
): string {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return '';
  if (field.kind === 'file') return files.get(raw as string) ?? '';
  if (field.kind === 'checkbox') return t('pratiche.declared');
  const options = field.options?.(context) ?? [];
  const label = (value: string) => {
    const option = options.find((o) => o.value === value);
    return option ? (option.label ?? t(option.labelKey!)) : value;
  };
  return Array.isArray(raw) ? raw.map(label).join(', ') : label(raw);
}

/**
 * What the family typed, step by step, as label and value: the summary before INVIA, the read-only page,
 * the PDF and the clerk's detail all show this one list. Empty fields are left out.
 */
export function summaryOf(
  kind: PraticaType,
  payload: Payload,
  context: FormContext,
  t: Translate,
  attachments: readonly { id: string; fileName: string }[],
): SummarySection[] {
  const files = new Map(attachments.map((a) => [a.id, a.fileName]));
  return kind.steps.map((step) => ({
    step: step.key,
    title: t(`pratiche.steps.${step.key}`),
    rows: step.fields
      .map((field) => ({
        label: t(`pratiche.fields.${field.name}`),
        value: shown(field, payload.steps[step.key]?.[field.name], context, t, files),
      }))
      .filter((row) => row.value !== ''),
  }));
}

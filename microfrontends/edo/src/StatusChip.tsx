import { Chip } from '@workcloud/shared-ui/core';
import type { DocType, FlowStatus } from './api';
import { useEdoT } from './i18n';

/** The status in words; a СЧФ's completed flow is not «signed» (it ends with the buyer's receipt notice). */
export function useStatusText() {
  const { t } = useEdoT();
  return (status: FlowStatus, type: DocType) => t(`statuses.${status === 'completed' && type === 'schf' ? 'completed_schf' : status}`);
}

const COLORS: Partial<Record<FlowStatus, 'success' | 'error' | 'warning' | 'info'>> = {
  completed: 'success',
  rejected: 'error',
  clarification_required: 'error',
  annulled: 'error',
  signature_required: 'warning',
  annulment_required: 'warning',
  waiting_operator: 'warning',
  awaiting_signature: 'info',
};

export function StatusChip({ status, type }: { status: FlowStatus; type: DocType }) {
  const text = useStatusText();
  // The colour only on the border: the text keeps the theme's contrast in both modes.
  const color = COLORS[status];
  return <Chip size="small" variant="outlined" label={text(status, type)} sx={color ? { borderColor: `${color}.main`, borderWidth: 2 } : undefined} />;
}

import { ReferencePicker, apiFetch, formatIsoDate, useEngineMetaQuery, type EngineRecord } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';

/** The trade documents settlements are kept by (Документы расчётов с контрагентами). */
const SETTLEMENT_DOCUMENTS = ['sale', 'receipt', 'money_in', 'money_out'];

interface DocOption {
  id: string;
  label: string;
}

/**
 * Документ расчётов: a sale, receipt or payment of the counterparty chosen on the same side, found by its
 * number; the form keeps the document's id, as the entry does.
 */
export function SettlementDocumentPicker({ label, value, onChange, counterparty, error }: { label: string; value: string | null; onChange: (id: string | null) => void; counterparty: string | null; error?: string }) {
  const { data: meta } = useEngineMetaQuery('trade');
  const titleOf = (code: string) => meta?.documents.find((d) => d.code === code)?.title ?? code;
  const labelOf = (code: string, r: EngineRecord) => `${titleOf(code)} ${r.number} от ${formatIsoDate(r.date)}`;
  const [selected, setSelected] = useState<DocOption | null>(null);

  // A value from a saved operation is named by the server (the same label the reports give it).
  useEffect(() => {
    if (!value || selected?.id === value) return;
    let live = true;
    apiFetch<{ items: DocOption[] }>(`/api/accounting/document-labels?ids=${value}`).then(
      (r) => live && setSelected(r.items[0] ?? { id: value, label: value }),
      () => live && setSelected({ id: value, label: value }),
    );
    return () => {
      live = false;
    };
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps

  const search = async (q: string): Promise<DocOption[]> => {
    const filter = new URLSearchParams({ limit: '10', ...(q ? { search: q } : {}), ...(counterparty ? { counterparty } : {}) });
    const lists = await Promise.allSettled(SETTLEMENT_DOCUMENTS.map((code) => apiFetch<{ items: EngineRecord[] }>(`/api/trade/documents/${code}?${filter}`).then((r) => r.items.map((d) => ({ id: d.id, label: labelOf(code, d) })))));
    return lists.flatMap((l) => (l.status === 'fulfilled' ? l.value : []));
  };
  return (
    <ReferencePicker<DocOption>
      label={label}
      value={value ? (selected?.id === value ? selected : { id: value, label: '…' }) : null}
      onChange={(o: DocOption | null) => {
        setSelected(o);
        onChange(o?.id ?? null);
      }}
      search={search}
      getLabel={(o) => o.label}
      size="small"
      error={error ?? null}
      ready={!!meta}
    />
  );
}

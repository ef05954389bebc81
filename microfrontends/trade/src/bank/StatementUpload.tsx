import { Alert, ApiError, Box, Button, Paper, Typography } from '@workcloud/shared-ui';
import { useRef, useState, type DragEvent } from 'react';
import { uploadStatement, type BankDecisions, type BankUploadSummary } from './api';
import { StatementResult } from './StatementResult';

/**
 * Загрузка выписки: a file dragged onto the area or chosen, sent as it is; then what it did. The file's
 * bytes are kept, so the decisions on ambiguous lines are sent with the same file again (the server
 * loads a file all or nothing, and what was loaded already is not loaded twice).
 */
export function StatementUpload() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [result, setResult] = useState<BankUploadSummary | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  const send = async (bytes: ArrayBuffer, decisions?: BankDecisions) => {
    setBusy(true);
    setError('');
    try {
      setResult(await uploadStatement(bytes, decisions));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'Нет связи с сервером. Попробуйте ещё раз.');
    } finally {
      setBusy(false);
    }
  };
  const take = async (chosen: File | undefined) => {
    if (!chosen) return;
    const bytes = await chosen.arrayBuffer();
    setFile({ name: chosen.name, bytes });
    setResult(null);
    await send(bytes);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void take(e.dataTransfer.files[0]);
  };

  return (
    <Box component="section" aria-label="Загрузка выписки" sx={{ mb: 4 }}>
      <Typography variant="h2" sx={{ mb: 1 }}>
        Загрузка выписки
      </Typography>
      <Paper
        variant="outlined"
        data-testid="statement-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        sx={{ p: 3, textAlign: 'center', borderStyle: 'dashed', borderWidth: 2, borderColor: dragging ? 'primary.main' : 'divider' }}
      >
        <Typography sx={{ mb: 1 }}>Перетащите сюда файл выписки из клиент-банка (kl_to_1c.txt, формат 1CClientBankExchange)</Typography>
        <Button variant="contained" disabled={busy} onClick={() => input.current?.click()}>
          Выбрать файл
        </Button>
        <input
          ref={input}
          type="file"
          accept=".txt,text/plain"
          aria-label="Файл выписки"
          hidden
          onChange={(e) => {
            void take(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        {file && (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {busy ? `Загружается ${file.name}…` : file.name}
          </Typography>
        )}
      </Paper>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }} role="alert">
          {error}
        </Alert>
      )}
      {result && file && <StatementResult result={result} busy={busy} onDecide={(decisions) => send(file.bytes, decisions)} />}
    </Box>
  );
}

import CloseIcon from '@mui/icons-material/Close';
import {
  Box, Button, ErrorState, IconButton, type Me, Paper, TextField, Typography, addTranslations, baseApi
} from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const strings = {
  ru: {
    question: 'Насколько вероятно, что вы порекомендуете WorkCloud коллегам?',
    low: '0 — точно нет',
    high: '10 — обязательно',
    comment: 'Что нам улучшить? (необязательно)',
    send: 'Отправить',
    later: 'Закрыть опрос',
    thanks: 'Спасибо за оценку!',
    region: 'Опрос: оценка WorkCloud',
  },
  en: {
    question: 'How likely are you to recommend WorkCloud to a colleague?',
    low: '0 — not at all',
    high: '10 — definitely',
    comment: 'What should we improve? (optional)',
    send: 'Send',
    later: 'Close the survey',
    thanks: 'Thank you for your rating!',
    region: 'Survey: rate WorkCloud',
  },
};

const npsApi = baseApi.injectEndpoints({
  endpoints: (b) => ({
    npsDue: b.query<{ due: boolean }, void>({ query: () => '/api/me/nps/due' }),
    answerNps: b.mutation<unknown, { score: number; comment: string }>({ query: (body) => ({ url: '/api/me/nps', method: 'POST', body }) }),
  }),
});

/** Closed for the rest of the browser session; the server asks again at the next sign-in while it is still due. */
const DISMISSED = 'wc.nps.dismissed';

/**
 * The NPS survey as a small card in the corner: it never blocks work, and closing it is one click.
 * Only company users are asked (the platform owner has no company to rate from).
 */
export function NpsPrompt({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('nps');
  if (!i18n.hasResourceBundle('ru', 'nps')) addTranslations(i18n, 'nps', strings);
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED) === '1');
  const { data } = npsApi.useNpsDueQuery(undefined, { skip: !me.tenant || dismissed });
  const [answer, state] = npsApi.useAnswerNpsMutation();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const close = () => {
    sessionStorage.setItem(DISMISSED, '1');
    setDismissed(true);
  };
  useEffect(() => {
    if (!state.isSuccess) return;
    const timer = setTimeout(close, 2500); // long enough to read the thanks
    return () => clearTimeout(timer);
  }, [state.isSuccess]);
  if (dismissed || !data?.due) return null;

  return (
    <Paper
      elevation={6}
      component="section"
      aria-label={t('region')}
      data-testid="nps-prompt"
      sx={{ position: 'fixed', right: 16, bottom: 16, width: 'min(380px, calc(100vw - 32px))', p: 2, zIndex: (th) => th.zIndex.drawer + 2 }}
    >
      <IconButton size="small" aria-label={t('later')} onClick={close} sx={{ position: 'absolute', top: 4, right: 4 }}>
        <CloseIcon fontSize="small" />
      </IconButton>
      {state.isSuccess ? (
        <Typography role="status">{t('thanks')}</Typography>
      ) : (
        <>
          <Typography id="nps-question" sx={{ fontWeight: 600, pr: 3, mb: 1.5 }}>
            {t('question')}
          </Typography>
          <Box role="group" aria-labelledby="nps-question" sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(6, 1fr)', sm: 'repeat(11, 1fr)' }, gap: 0.5 }}>
            {Array.from({ length: 11 }, (_, n) => (
              <Button key={n} size="small" variant={score === n ? 'contained' : 'outlined'} aria-pressed={score === n} onClick={() => setScore(n)} sx={{ minWidth: 0, px: 0 }}>
                {n}
              </Button>
            ))}
          </Box>
          <Box sx={{ display: 'flex', justifyContent: 'space-between', mt: 0.5 }}>
            <Typography color="text.secondary" sx={{ fontSize: 12 }}>
              {t('low')}
            </Typography>
            <Typography color="text.secondary" sx={{ fontSize: 12 }}>
              {t('high')}
            </Typography>
          </Box>
          {score !== null && (
            <>
              <TextField label={t('comment')} value={comment} onChange={(e) => setComment(e.target.value)} multiline minRows={2} fullWidth size="small" sx={{ mt: 1.5 }} slotProps={{ htmlInput: { maxLength: 2000 } }} />
              {state.error && <ErrorState error={state.error} />}
              <Button variant="contained" sx={{ mt: 1 }} disabled={state.isLoading} onClick={() => answer({ score, comment: comment.trim() })}>
                {t('send')}
              </Button>
            </>
          )}
        </>
      )}
    </Paper>
  );
}

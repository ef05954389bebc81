/** A deal as the engine's catalog API gives it (money in kopecks). */
export interface Deal {
  id: string;
  name: string;
  version: number;
  counterparty: string;
  funnel: string;
  stage: string;
  amount: number | null;
  expected_close: string | null;
  manager: string | null;
  contact: string | null;
  order: string | null;
  lost_reason: string | null;
  closed_on: string | null;
}

export interface Stage {
  id: string;
  name: string;
  position: number;
  probability: number;
  outcome: 'open' | 'won' | 'lost';
}

export interface Funnel {
  id: string;
  name: string;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  title: string;
  id: string;
  source: string;
  details?: Record<string, unknown>;
}

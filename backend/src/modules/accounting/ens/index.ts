import { taxAccrual } from './accrual';
import { ensReport } from './report';

/** Единый налоговый счёт: the quarter's taxes moved to 68.90 and the report of the account (see README). */
export const ensDeclarations = [taxAccrual, ensReport];

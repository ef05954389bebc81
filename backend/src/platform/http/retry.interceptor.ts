import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { retryTransient } from '../database/database';

/**
 * A request that lost a deadlock or a serialization failure to another one (two people posting documents
 * of the same goods at the same moment) is run again inside the same HTTP request, a few times, when its
 * failed attempt had committed nothing (see `retryTransient`); one that still loses is answered 409
 * «Документ изменён одновременно с вами, повторите» by the problem filter — never a 500.
 */
@Injectable()
export class TransientConflictRetry implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    // Each subscription to `next.handle()` runs the handler again, inside the attempt's unit of work.
    return defer(() => retryTransient(() => lastValueFrom(next.handle(), { defaultValue: undefined }), { canRetry: () => !reply.sent }));
  }
}

import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { Public } from '../access/request-context';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Database } from '../database/database';
import { Answers, AnswersFile, objectOf, str } from '../http/openapi-responses';

@ApiTags('Служебное')
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  @Public()
  @Get('api/health')
  @ApiOperation({ summary: 'Проверка живости: 200, когда база данных отвечает (пробы Kubernetes)' })
  @Answers(objectOf({ status: str('ok или unavailable (тогда ответ 503)', { enum: ['ok', 'unavailable'] }), database: str('ok или down', { enum: ['ok', 'down'] }), cache: str('Кэш: memory или redis') }), 'База данных отвечает')
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.db.knex.raw('SELECT 1');
      return { status: 'ok', database: 'ok', cache: this.kv.kind };
    } catch {
      reply.status(503);
      return { status: 'unavailable', database: 'down', cache: this.kv.kind };
    }
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  @ApiOperation({ summary: 'Метрики Prometheus' })
  @AnswersFile('text/plain', 'Метрики в текстовом формате Prometheus')
  metrics() {
    return register.metrics();
  }
}

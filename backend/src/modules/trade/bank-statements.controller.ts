import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Allow, ForModule } from '../../platform/access/request-context';
import { Problem } from '../../platform/http/problem';
import { BankImportError, importBankStatement, type TradeApi } from './bank-import';

/**
 * Upload of a bank statement (1CClientBankExchange, windows-1251/DOS/UTF-8). The import runs through
 * the module's own REST API with the caller's token, so it creates documents with exactly the caller's
 * rights and the same validation as the UI.
 */
@ApiTags('trade: Банковские выписки')
@ApiBearerAuth()
@ForModule('trade')
@Controller('api/trade/bank-statements')
export class BankStatementsController {
  constructor(private readonly http: HttpAdapterHost) {}

  @Post()
  @HttpCode(200)
  @Allow('post', 'trade.money_in')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'Файл выписки 1CClientBankExchange как есть (в любой из кодировок)' })
  @ApiOperation({ summary: 'Загрузить выписку банка: поступления и списания денег, контрагенты по ИНН; повторная загрузка ничего не дублирует' })
  async upload(@Req() req: FastifyRequest) {
    const bytes = req.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw Problem.badRequest('Отправьте файл выписки телом запроса (Content-Type: application/octet-stream).');
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const res = await fastify.inject({ method, url, headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.statusCode, body: res.body ? res.json() : undefined };
    };
    const api: TradeApi = { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body ?? {}) };
    try {
      const result = await importBankStatement(bytes, api);
      return { created: result.created, alreadyImported: result.alreadyImported, counterpartiesCreated: result.counterpartiesCreated };
    } catch (e) {
      if (e instanceof BankImportError) throw Problem.unprocessable(e.message, { line: e.line });
      throw e;
    }
  }
}

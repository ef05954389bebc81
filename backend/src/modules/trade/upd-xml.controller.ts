import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { PrintService } from '../../platform/engine/print.service';
import { sale } from './documents/sale';
import { goodsPrintForms } from './print-forms';

/**
 * The УПД of a posted sale as the ФНС XML file for ЭДО (format 5.03). The same file as the sale's print form
 * `upd_xml` (which the UI offers as «УПД (XML для ЭДО)»), at the address ЭДО integrations expect.
 */
@ApiTags('trade: ЭДО')
@ApiBearerAuth()
@ForModule('trade')
@Controller('api/trade/documents/sale')
export class UpdXmlController {
  constructor(private readonly printing: PrintService) {}

  @Get(':id/upd.xml')
  @Allow('read', 'trade.sale')
  @ApiOperation({
    summary:
      'УПД проведённой реализации в формате ФНС 5.03 (ON_NSCHFDOPPR, windows-1251) для ЭДО: СЧФДОП от плательщика НДС, ДОП на УСН. ' +
      '409 — документ не проведён, 422 — не хватает данных (что заполнить — в detail и errors).',
  })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'Файл УПД (XML, windows-1251), имя — ИдФайл', schema: { type: 'string', format: 'binary' } })
  async updXml(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const printed = await this.printing.print(ctx, sale, id, goodsPrintForms.updXml.code);
    reply.header('Content-Type', printed.contentType);
    reply.header('Content-Disposition', printed.disposition);
    return printed.content;
  }
}

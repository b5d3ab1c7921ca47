import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiMethodNotAllowedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CREDIT_NOTE_REQUESTS, RPC_TOPICS, type CreateCreditNoteV1, type CreditNoteListV1, type CreditNoteV1, type OrganizationContextV1 } from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { LagoError } from '../http/lago-errors';
import { lagoRoot, lagoScalar, lagoString, railsDecimal, railsInteger } from '../http/lago-validation';
import { LagoErrorDoc } from '../http/openapi';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';

class CreditNoteItemDoc {
  @ApiProperty({ type: String }) fee_id!: string;
  @ApiProperty({ type: Number, description: 'Cents of the fee given back (before taxes).' }) amount_cents!: number;
}

class CreditNoteBodyDoc {
  @ApiProperty({ type: String }) invoice_id!: string;
  @ApiPropertyOptional({ enum: ['duplicated_charge', 'product_unsatisfactory', 'order_change', 'order_cancellation', 'fraudulent_charge', 'other'] }) reason?: string;
  @ApiPropertyOptional({ type: String }) description?: string;
  @ApiPropertyOptional({ type: Number, description: 'Part kept as a balance for the customer.' }) credit_amount_cents?: number;
  @ApiPropertyOptional({ type: Number, description: 'Part paid back (paid invoices only).' }) refund_amount_cents?: number;
  @ApiPropertyOptional({ type: Number, description: 'Part taken off what the invoice still owes.' }) offset_amount_cents?: number;
  @ApiProperty({ type: [CreditNoteItemDoc] }) items!: CreditNoteItemDoc[];
}

class CreditNoteInputDoc {
  @ApiProperty({ type: () => CreditNoteBodyDoc }) credit_note!: CreditNoteBodyDoc;
}

const AMOUNTS = ['credit_amount_cents', 'refund_amount_cents', 'offset_amount_cents'] as const;

/** Lago's credit notes on one-off invoices; they live in the invoicing service with their invoices. */
@Controller('api/v1/credit_notes')
@UseGuards(ApiKeyGuard)
@ApiResource('credit_note')
@ApiTags('Credit notes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class CreditNotesHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: CreditNoteInputDoc })
  @ApiOkResponse({ description: '`{"credit_note": {...}}` with items and applied_taxes.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'invoice_not_found, fee_not_found' })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ credit_note: CreditNoteV1 }> {
    const raw = lagoRoot(body, 'credit_note');
    const details: Record<string, string[]> = {};
    const amounts = Object.fromEntries(
      AMOUNTS.map((field) => {
        const value = railsInteger(raw[field] ?? 0);
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) details[field] = ['invalid_value'];
        return [field, typeof value === 'number' ? value : 0];
      }),
    ) as Record<(typeof AMOUNTS)[number], number>;
    let items: CreateCreditNoteV1['items'] = null;
    if (Array.isArray(raw.items)) {
      items = raw.items
        .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item))
        .map((item) => {
          const amount = railsDecimal(item.amount_cents ?? 0);
          if (typeof amount !== 'number' || !Number.isFinite(amount)) details.amount_cents = ['invalid_value'];
          return { fee_id: lagoString(item.fee_id), amount_cents: typeof amount === 'number' && Number.isFinite(amount) ? amount : 0 };
        });
    }
    if (Object.keys(details).length) throw LagoError.validation(details);
    const invoiceId = lagoString(raw.invoice_id) ?? '';
    const command: CreateCreditNoteV1 = { invoice_id: invoiceId, reason: lagoString(raw.reason), description: lagoString(raw.description), items, ...amounts };
    const note = await this.owner.send<CreditNoteV1>(RPC_TOPICS.invoicing, CREDIT_NOTE_REQUESTS.create, organization, `invoice:${invoiceId}`, command, idempotencyKey);
    return { credit_note: note };
  }

  @Get()
  @ApiOkResponse({ description: '`{"credit_notes": [...], "meta": {...}}`, newest first; filter `external_customer_id`.' })
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<CreditNoteListV1> {
    const external = query.external_customer_id;
    return this.owner.send<CreditNoteListV1>(RPC_TOPICS.invoicing, CREDIT_NOTE_REQUESTS.list, organization, 'credit-notes', {
      ...pagingOf(query),
      filters: typeof external === 'string' && external !== '' ? { external_customer_id: external } : {},
    });
  }

  @Get(':lago_id')
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'credit_note_not_found' })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') lagoId: string): Promise<{ credit_note: CreditNoteV1 }> {
    return { credit_note: await this.owner.send<CreditNoteV1>(RPC_TOPICS.invoicing, CREDIT_NOTE_REQUESTS.get, organization, `credit-note:${lagoId}`, { lago_id: lagoId }) };
  }

  @Put(':lago_id')
  @ApiOkResponse({ description: 'The credit note with its new refund_status (pending, succeeded or failed).' })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') lagoId: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ credit_note: CreditNoteV1 }> {
    const raw = lagoRoot(body, 'credit_note');
    const payload = { lago_id: lagoId, refund_status: lagoScalar(raw.refund_status) ?? null };
    return { credit_note: await this.owner.send<CreditNoteV1>(RPC_TOPICS.invoicing, CREDIT_NOTE_REQUESTS.update, organization, `credit-note:${lagoId}`, payload, idempotencyKey) };
  }

  @Put(':lago_id/void')
  @ApiOkResponse({ description: 'The credit note with credit_status voided and no balance left.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiMethodNotAllowedResponse({ type: LagoErrorDoc, description: 'no_voidable_amount' })
  async void(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') lagoId: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ credit_note: CreditNoteV1 }> {
    return { credit_note: await this.owner.send<CreditNoteV1>(RPC_TOPICS.invoicing, CREDIT_NOTE_REQUESTS.void, organization, `credit-note:${lagoId}`, { lago_id: lagoId }, idempotencyKey) };
  }
}

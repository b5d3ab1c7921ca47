import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  INVOICE_PAYMENT_REQUESTS,
  RPC_TOPICS,
  type CreateManualPaymentV1,
  type LagoPaymentV1,
  type ListPaymentsV1,
  type OrganizationContextV1,
  type PaymentFiltersV1,
  type PaymentListV1,
} from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { requireCustomer } from '../http/customer-lookup';
import { LagoError } from '../http/lago-errors';
import { lagoRoot, lagoString, railsInteger } from '../http/lago-validation';
import { LagoErrorDoc } from '../http/openapi';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';

class ManualPaymentBodyDoc {
  @ApiProperty({ type: String, description: 'A finalized invoice.' }) invoice_id!: string;
  @ApiProperty({ type: Number, description: 'Positive integer cents, at most what the invoice still owes.' }) amount_cents!: number;
  @ApiProperty({ type: String, maxLength: 40 }) reference!: string;
  @ApiPropertyOptional({ type: String, description: 'ISO 8601; default now.' }) paid_at?: string;
}

class ManualPaymentInputDoc {
  @ApiProperty({ type: () => ManualPaymentBodyDoc }) payment!: ManualPaymentBodyDoc;
}

/** The filters and paging of both payment lists. */
function readListQuery(query: Record<string, unknown>): ListPaymentsV1 {
  const filters: PaymentFiltersV1 = {};
  for (const key of ['invoice_id', 'external_customer_id'] as const) {
    if (typeof query[key] === 'string' && query[key] !== '') filters[key] = query[key] as string;
  }
  return { ...pagingOf(query), filters };
}

/**
 * Lago's payments API: manual payments of invoices, and the provider payments payment-sync
 * reports. Payments are kept by the invoicing service, which owns the invoices they pay.
 */
@Controller('api/v1/payments')
@UseGuards(ApiKeyGuard)
@ApiResource('payment')
@ApiTags('Payments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class PaymentsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: ManualPaymentInputDoc })
  @ApiOkResponse({ description: '`{"payment": {...}}`; the invoice is `succeeded` once fully paid.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'invoice_not_found' })
  @ApiForbiddenResponse({ type: LagoErrorDoc, description: 'feature_unavailable: the invoice is not finalized' })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ payment: LagoPaymentV1 }> {
    const raw = lagoRoot(body, 'payment');
    const invoiceId = lagoString(raw.invoice_id);
    if (invoiceId === null || invoiceId.trim() === '') throw LagoError.validation({ invoice_id: ['value_is_mandatory'] });
    const amount = railsInteger(raw.amount_cents);
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) throw LagoError.validation({ amount_cents: ['invalid_value'] });
    const command: CreateManualPaymentV1 = { invoice_id: invoiceId.trim(), amount_cents: amount, reference: lagoString(raw.reference), paid_at: lagoString(raw.paid_at) };
    const payment = await this.owner.send<LagoPaymentV1>(RPC_TOPICS.invoicing, INVOICE_PAYMENT_REQUESTS.createManual, organization, `invoice:${command.invoice_id}`, command, idempotencyKey);
    return { payment };
  }

  @Get()
  @ApiOkResponse({ description: '`{"payments": [...], "meta": {...}}`, newest first; filters `invoice_id`, `external_customer_id`.' })
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<PaymentListV1> {
    return this.owner.send<PaymentListV1>(RPC_TOPICS.invoicing, INVOICE_PAYMENT_REQUESTS.list, organization, 'payments', readListQuery(query));
  }

  @Get(':lago_id')
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'payment_not_found' })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') lagoId: string): Promise<{ payment: LagoPaymentV1 }> {
    return { payment: await this.owner.send<LagoPaymentV1>(RPC_TOPICS.invoicing, INVOICE_PAYMENT_REQUESTS.get, organization, `payment:${lagoId}`, { lago_id: lagoId }) };
  }
}

/** `GET /api/v1/customers/:external_id/payments`: the same list for one customer (404 when unknown). */
@Controller('api/v1/customers/:external_id/payments')
@UseGuards(ApiKeyGuard)
@ApiResource('payment')
@ApiTags('Payments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class CustomerPaymentsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Get()
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'customer_not_found' })
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Param('external_id') externalId: string, @Query() query: Record<string, unknown>): Promise<PaymentListV1> {
    const customer = await requireCustomer(this.owner, organization, externalId);
    const params = readListQuery(query);
    const { external_customer_id: _ignored, ...filters } = params.filters;
    return this.owner.send<PaymentListV1>(RPC_TOPICS.invoicing, INVOICE_PAYMENT_REQUESTS.list, organization, 'payments', { ...params, filters: { ...filters, customer_id: customer.lago_id } });
  }
}

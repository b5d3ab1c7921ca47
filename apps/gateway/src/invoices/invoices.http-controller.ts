import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiMethodNotAllowedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  INVOICE_REQUESTS,
  RPC_TOPICS,
  type CreateOneOffInvoiceV1,
  type InvoiceFiltersV1,
  type InvoiceListV1,
  type InvoiceV1,
  type OrganizationContextV1,
  type UpdateInvoiceV1,
} from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { requireCustomer } from '../http/customer-lookup';
import { LagoError } from '../http/lago-errors';
import { lagoRoot, lagoScalar } from '../http/lago-validation';
import { LagoErrorDoc } from '../http/openapi';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { readPaging } from '../http/pagination';
import { InvoiceUpdateInputDoc, OneOffInvoiceInputDoc, readCurrency, readInvoiceUpdate, readOneOffFees } from './invoice.body';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day as `YYYY-MM-DD`: JavaScript rolls 2026-02-30 over to March, PostgreSQL refuses it (it was a 500). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** Lago's invoice endpoints for one-off invoices; invoices live in the invoicing service. */
@Controller('api/v1/invoices')
@UseGuards(ApiKeyGuard)
@ApiResource('invoice')
@ApiTags('Invoices')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class InvoicesHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: OneOffInvoiceInputDoc, description: 'A one-off invoice from add-ons, finalized at creation.' })
  @ApiOkResponse({ description: '`{"invoice": {...}}` with customer, fees and applied_taxes.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'customer_not_found, fees_not_found, add_on_not_found, billing_entity_not_found' })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ invoice: InvoiceV1 }> {
    const raw = lagoRoot(body, 'invoice');
    const customer = await requireCustomer(this.owner, organization, lagoScalar(raw.external_customer_id));
    if (!Array.isArray(raw.fees) || raw.fees.length === 0) throw LagoError.notFound('fees_not_found');
    const entity = raw.billing_entity_code;
    if (entity !== undefined && entity !== null && entity !== organization.default_billing_entity_code) throw LagoError.notFound('billing_entity_not_found');
    const details: Record<string, unknown> = {};
    const fees = readOneOffFees(raw.fees, details);
    const currency = readCurrency(raw.currency, details);
    if (Object.keys(details).length) throw LagoError.validation(details);
    const po = lagoScalar(raw.purchase_order_number);
    const command: CreateOneOffInvoiceV1 = { customer, fees, currency, ...(typeof po === 'string' ? { purchase_order_number: po } : {}) };
    const invoice = await this.owner.send<InvoiceV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.createOneOff, organization, customer.lago_id, command, idempotencyKey);
    return { invoice };
  }

  @Get()
  @ApiOkResponse({ description: '`{"invoices": [...], "meta": {...}}`, newest first.' })
  async list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<InvoiceListV1> {
    const details: Record<string, unknown> = {};
    const paging = readPaging(query, details);
    const filters: InvoiceFiltersV1 = {};
    for (const key of ['external_customer_id', 'status', 'payment_status', 'currency', 'invoice_type', 'search_term'] as const) {
      if (typeof query[key] === 'string' && query[key] !== '') filters[key] = query[key] as string;
    }
    if (query.payment_overdue === 'true' || query.payment_overdue === 'false') filters.payment_overdue = query.payment_overdue === 'true';
    for (const key of ['issuing_date_from', 'issuing_date_to'] as const) {
      const v = query[key];
      if (v === undefined) continue;
      if (isCalendarDate(v)) filters[key] = v;
      else details[key] = ['invalid_date'];
    }
    if (Object.keys(details).length) throw LagoError.validation(details);
    return this.owner.send<InvoiceListV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.list, organization, 'invoices', { ...paging, filters });
  }

  @Get(':lago_id')
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') lagoId: string): Promise<{ invoice: InvoiceV1 }> {
    return { invoice: await this.owner.send<InvoiceV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.get, organization, `invoice:${lagoId}`, { lago_id: lagoId }) };
  }

  @Put(':lago_id')
  @ApiBody({ type: InvoiceUpdateInputDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  @ApiMethodNotAllowedResponse({ type: LagoErrorDoc, description: 'update_on_voided_invoice, metadata_on_draft_invoice, payment_status_update_on_draft_invoice' })
  async update(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') lagoId: string,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ invoice: InvoiceV1 }> {
    const command: UpdateInvoiceV1 = { lago_id: lagoId, ...readInvoiceUpdate(lagoRoot(body, 'invoice')) };
    const invoice = await this.owner.send<InvoiceV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.update, organization, `invoice:${lagoId}`, command, idempotencyKey);
    return { invoice };
  }

  @Post(':lago_id/void')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The voided invoice: it owes nothing and is no longer overdue.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiMethodNotAllowedResponse({ type: LagoErrorDoc, description: 'not_voidable (only a finalized invoice can be voided)' })
  async void(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') lagoId: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ invoice: InvoiceV1 }> {
    return { invoice: await this.owner.send<InvoiceV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.void, organization, `invoice:${lagoId}`, { lago_id: lagoId }, idempotencyKey) };
  }

  @Post(':lago_id/lose_dispute')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The invoice with payment_dispute_lost_at set; it is no longer overdue.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  @ApiMethodNotAllowedResponse({ type: LagoErrorDoc, description: 'not_disputable (only finalized or voided invoices)' })
  async loseDispute(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('lago_id') lagoId: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ invoice: InvoiceV1 }> {
    return { invoice: await this.owner.send<InvoiceV1>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.loseDispute, organization, `invoice:${lagoId}`, { lago_id: lagoId }, idempotencyKey) };
  }
}

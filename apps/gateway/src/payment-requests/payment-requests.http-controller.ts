import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import {
  PAYMENT_REQUEST_REQUESTS,
  RPC_TOPICS,
  type CreatePaymentRequestV1,
  type ListPaymentRequestsV1,
  type OrganizationContextV1,
  type PaymentRequestFiltersV1,
  type PaymentRequestListV1,
  type PaymentRequestV1,
} from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { normalizeEmail } from '../customers/email';
import { checkBillingEntityCodes, requireCustomer } from '../http/customer-lookup';
import { lagoRoot, lagoScalar } from '../http/lago-validation';
import { LagoErrorDoc } from '../http/openapi';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { pagingOf } from '../http/pagination';

class PaymentRequestBodyDoc {
  @ApiProperty({ type: String }) external_customer_id!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Default: the customer’s email.' }) email?: string | null;
  @ApiProperty({ type: [String], description: 'Overdue invoices of the customer; ids that match none of them are ignored unless none match.' }) lago_invoice_ids!: string[];
}

class PaymentRequestInputDoc {
  @ApiProperty({ type: () => PaymentRequestBodyDoc }) payment_request!: PaymentRequestBodyDoc;
}

/** The filters and paging both list endpoints accept. */
function readListQuery(query: Record<string, unknown>, organization: OrganizationContextV1): ListPaymentRequestsV1 {
  const paging = pagingOf(query);
  checkBillingEntityCodes(query.billing_entity_codes, organization);
  const filters: PaymentRequestFiltersV1 = {};
  for (const key of ['external_customer_id', 'payment_status', 'currency'] as const) {
    if (typeof query[key] === 'string' && query[key] !== '') filters[key] = query[key] as string;
  }
  return { ...paging, filters };
}

/** Lago's payment-request endpoints; payment requests live in the invoicing service. */
@Controller('api/v1/payment_requests')
@UseGuards(ApiKeyGuard)
@ApiResource('payment_request')
@ApiTags('Payment requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class PaymentRequestsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: PaymentRequestInputDoc })
  @ApiOkResponse({ description: '`{"payment_request": {...}}` with customer and invoices; payment_status is pending.' })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'customer_not_found, invoice_not_found' })
  async create(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ payment_request: PaymentRequestV1 }> {
    const raw = lagoRoot(body, 'payment_request');
    const customer = await requireCustomer(this.owner, organization, lagoScalar(raw.external_customer_id));
    const email = lagoScalar(raw.email);
    const ids = Array.isArray(raw.lago_invoice_ids) ? raw.lago_invoice_ids.map(lagoScalar).filter((id): id is string => typeof id === 'string') : [];
    const command: CreatePaymentRequestV1 = { customer, lago_invoice_ids: ids, ...(typeof email === 'string' ? { email: normalizeEmail(email) as string } : {}) };
    const created = await this.owner.send<PaymentRequestV1>(RPC_TOPICS.invoicing, PAYMENT_REQUEST_REQUESTS.create, organization, customer.lago_id, command, idempotencyKey);
    return { payment_request: created };
  }

  @Get()
  @ApiOkResponse({ description: '`{"payment_requests": [...], "meta": {...}}`, newest first.' })
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<PaymentRequestListV1> {
    return this.owner.send<PaymentRequestListV1>(RPC_TOPICS.invoicing, PAYMENT_REQUEST_REQUESTS.list, organization, 'payment-requests', readListQuery(query, organization));
  }

  @Get(':lago_id')
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('lago_id') lagoId: string): Promise<{ payment_request: PaymentRequestV1 }> {
    const found = await this.owner.send<PaymentRequestV1>(RPC_TOPICS.invoicing, PAYMENT_REQUEST_REQUESTS.get, organization, `payment-request:${lagoId}`, { lago_id: lagoId });
    return { payment_request: found };
  }
}

/** `GET /api/v1/customers/:external_id/payment_requests`: the same list for one customer (404 when unknown). */
@Controller('api/v1/customers/:external_id/payment_requests')
@UseGuards(ApiKeyGuard)
@ApiResource('payment_request')
@ApiTags('Payment requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class CustomerPaymentRequestsHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Get()
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'customer_not_found' })
  async list(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('external_id') externalId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<PaymentRequestListV1> {
    const customer = await requireCustomer(this.owner, organization, externalId);
    const params = readListQuery(query, organization);
    const { external_customer_id: _ignored, ...filters } = params.filters;
    return this.owner.send<PaymentRequestListV1>(RPC_TOPICS.invoicing, PAYMENT_REQUEST_REQUESTS.list, organization, 'payment-requests', {
      ...params,
      filters: { ...filters, customer_id: customer.lago_id },
    });
  }
}

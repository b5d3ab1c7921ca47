import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CUSTOMER_REQUESTS, INVOICE_REQUESTS, PAYMENT_PROVIDER_REQUESTS, PAYMENT_PROVIDER_TYPES, RPC_TOPICS, TAX_REQUESTS, type PaymentProviderResolutionV1, type TaxV1, type CustomerListV1, type CustomerV1, type OrganizationContextV1, type UpsertCustomerV1 } from '@app/contracts';
import { ApiKeyGuard, ApiResource } from '../auth/api-key.guard';
import { CurrentOrganization } from '../auth/current-organization.decorator';
import { presentKeys, readLagoBody } from '../http/lago-validation';
import { requireCustomer } from '../http/customer-lookup';
import { LagoError } from '../http/lago-errors';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { OwnerRequests } from '../http/owner-requests';
import { CustomerListResponseDoc, CustomerResponseDoc, LagoErrorDoc } from '../http/openapi';
import { CustomerBody, CustomerInputDoc } from './customer.body';
import { readBillingConfiguration, readIntegrationCustomers, readMetadata, readShippingAddress, readTaxCodes } from './customer-nested';
import { parseListCustomersParams } from './list-customers.params';

/** Lago's customer endpoints. */
@Controller('api/v1/customers')
@UseGuards(ApiKeyGuard)
@ApiResource('customer')
@ApiTags('Customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: LagoErrorDoc })
export class CustomersHttpController {
  constructor(private readonly owner: OwnerRequests) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: CustomerInputDoc, description: 'Creates the customer, or updates the one with this external_id (absent keys keep their value, null clears).' })
  @ApiOkResponse({ type: CustomerResponseDoc })
  @ApiBadRequestResponse({ type: LagoErrorDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc, description: 'tax_not_found, billing_entity_not_found' })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  async upsert(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ customer: CustomerV1 }> {
    const nested: Pick<UpsertCustomerV1, 'metadata' | 'shipping_address' | 'billing_configuration' | 'integration_customers'> = {};
    let taxCodes: string[] | undefined;
    const fields = await readLagoBody(body, 'customer', CustomerBody, (raw, details) => {
      taxCodes = readTaxCodes(raw.tax_codes, details);
      nested.metadata = readMetadata(raw.metadata, details);
      nested.shipping_address = readShippingAddress(raw.shipping_address, details);
      nested.billing_configuration = readBillingConfiguration(raw.billing_configuration, details);
      nested.integration_customers = readIntegrationCustomers(raw.integration_customers, details);
      if (raw.skip_invoice_custom_sections === true && Array.isArray(raw.invoice_custom_section_codes)) {
        details.invoice_custom_sections = ['skip_sections_and_selected_ids_sent_together'];
      }
    });
    const { invoice_custom_section_codes: sectionCodes, billing_entity_code: entityCode, ...scalars } = fields;
    // One billing entity per organization: its code (or null, the default) is accepted, any other is Lago's 404.
    if (entityCode !== undefined && entityCode !== null && entityCode !== organization.default_billing_entity_code) {
      throw LagoError.notFound('billing_entity_not_found');
    }
    const payload = presentKeys({ ...scalars, ...nested }) as unknown as UpsertCustomerV1;
    // Every referenced tax must exist before anything is written (Lago's 404 tax_not_found).
    if (taxCodes !== undefined) {
      payload.taxes = await this.owner.send<TaxV1[]>(RPC_TOPICS.invoicing, TAX_REQUESTS.resolve, organization, 'tax-codes', { codes: taxCodes });
    }
    // The connection a provider or code names is found before anything is written; whether a miss
    // is a refusal depends on the customer's state, so the customers service decides.
    const billing = payload.billing_configuration;
    if (billing?.payment_provider || billing?.payment_provider_code) {
      const type = billing.payment_provider ?? undefined;
      payload.provider_connection =
        type !== undefined && !(PAYMENT_PROVIDER_TYPES as readonly string[]).includes(type)
          ? { status: 'not_found' }
          : await this.owner.send<PaymentProviderResolutionV1>(RPC_TOPICS.paymentSync, PAYMENT_PROVIDER_REQUESTS.resolve, organization, 'provider-resolve', {
              provider_type: type,
              code: billing.payment_provider_code ?? null,
            });
    }
    // Lago applies account_type only to an editable customer: one with an invoice keeps its type.
    if (payload.account_type !== undefined && (await this.hasInvoices(organization, payload.external_id))) delete payload.account_type;
    // Selecting sections turns the skip flag off (Lago); the selection itself is not kept yet.
    if (sectionCodes !== undefined) payload.skip_invoice_custom_sections = false;
    const customer = await this.owner.send<CustomerV1>(
      RPC_TOPICS.customers,
      CUSTOMER_REQUESTS.upsert,
      organization,
      payload.external_id,
      payload,
      idempotencyKey,
    );
    return { customer };
  }

  private async hasInvoices(organization: OrganizationContextV1, externalId: string): Promise<boolean> {
    let customer: CustomerV1;
    try {
      customer = await requireCustomer(this.owner, organization, externalId);
    } catch (error) {
      if (error instanceof LagoError && error.status === 404) return false;
      throw error;
    }
    return this.owner.send<boolean>(RPC_TOPICS.invoicing, INVOICE_REQUESTS.customerHasInvoices, organization, customer.lago_id, { customer_id: customer.lago_id });
  }

  @Get()
  @ApiOkResponse({ type: CustomerListResponseDoc })
  @ApiUnprocessableEntityResponse({ type: LagoErrorDoc })
  list(@CurrentOrganization() organization: OrganizationContextV1, @Query() query: Record<string, unknown>): Promise<CustomerListV1> {
    const params = parseListCustomersParams(query, organization);
    return this.owner.send<CustomerListV1>(RPC_TOPICS.customers, CUSTOMER_REQUESTS.list, organization, 'list', params);
  }

  @Delete(':external_id')
  @ApiOkResponse({ type: CustomerResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async remove(
    @CurrentOrganization() organization: OrganizationContextV1,
    @Param('external_id') externalId: string,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<{ customer: CustomerV1 }> {
    const customer = await this.owner.send<CustomerV1>(
      RPC_TOPICS.customers,
      CUSTOMER_REQUESTS.delete,
      organization,
      externalId,
      { external_id: externalId },
      idempotencyKey,
    );
    return { customer };
  }

  @Get(':external_id')
  @ApiOkResponse({ type: CustomerResponseDoc })
  @ApiNotFoundResponse({ type: LagoErrorDoc })
  async show(@CurrentOrganization() organization: OrganizationContextV1, @Param('external_id') externalId: string): Promise<{ customer: CustomerV1 }> {
    const customer = await this.owner.send<CustomerV1>(RPC_TOPICS.customers, CUSTOMER_REQUESTS.get, organization, externalId, {
      external_id: externalId,
    });
    return { customer };
  }
}

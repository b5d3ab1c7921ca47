import type { INestApplication } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AddOnV1, CustomerV1, PaymentProviderV1, TaxV1 } from '@app/contracts';

/** Lago's pagination meta. */
export class PaginationMetaDoc {
  @ApiProperty({ type: Number, description: 'The requested page, 0 when nothing matches.' }) current_page!: number;
  @ApiProperty({ type: Number, nullable: true }) next_page!: number | null;
  @ApiProperty({ type: Number, nullable: true }) prev_page!: number | null;
  @ApiProperty({ type: Number }) total_pages!: number;
  @ApiProperty({ type: Number }) total_count!: number;
}

export class CustomerResponseDoc {
  @ApiProperty({ type: () => CustomerV1 }) customer!: CustomerV1;
}

export class CustomerListResponseDoc {
  @ApiProperty({ type: () => [CustomerV1] }) customers!: CustomerV1[];
  @ApiProperty({ type: () => PaginationMetaDoc }) meta!: PaginationMetaDoc;
}

export class TaxResponseDoc {
  @ApiProperty({ type: () => TaxV1 }) tax!: TaxV1;
}

export class TaxListResponseDoc {
  @ApiProperty({ type: () => [TaxV1] }) taxes!: TaxV1[];
  @ApiProperty({ type: () => PaginationMetaDoc }) meta!: PaginationMetaDoc;
}

export class AddOnResponseDoc {
  @ApiProperty({ type: () => AddOnV1 }) add_on!: AddOnV1;
}

export class AddOnListResponseDoc {
  @ApiProperty({ type: () => [AddOnV1] }) add_ons!: AddOnV1[];
  @ApiProperty({ type: () => PaginationMetaDoc }) meta!: PaginationMetaDoc;
}

export class PaymentProviderResponseDoc {
  @ApiProperty({ type: () => PaymentProviderV1 }) payment_provider!: PaymentProviderV1;
}

export class PaymentProviderListResponseDoc {
  @ApiProperty({ type: () => [PaymentProviderV1] }) payment_providers!: PaymentProviderV1[];
  @ApiProperty({ type: () => PaginationMetaDoc }) meta!: PaginationMetaDoc;
}

/** Lago's error body: `code` on 404/405/422, `error_details` on 422. */
export class LagoErrorDoc {
  @ApiProperty({ type: Number }) status!: number;
  @ApiProperty({ type: String }) error!: string;
  @ApiPropertyOptional({ type: String }) code?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Field name to error codes.' }) error_details?: Record<string, unknown>;
}

/** Serves the OpenAPI description: the UI at `/api/docs`, the JSON at `/api/docs-json`. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Billing API (Lago-compatible)')
    .setDescription("Lago's customer and tax API (`/api/v1`), served by the gateway. Authenticate with `Authorization: Bearer <api key>`.")
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [LagoErrorDoc] });
  delete document.paths['/health']; // an operational endpoint, not part of the API
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

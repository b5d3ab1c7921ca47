import { Injectable } from '@nestjs/common';
import { fail, ok, type AddOnCodeV1, type AddOnInputV1, type AddOnV1, type RpcReplyV1, type RpcRequestV1, type UpdateAddOnV1 } from '@app/contracts';
import { UnitOfWork } from '@app/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TaxRepository } from '../../taxes/tax.repository';
import { AddOn } from '../add-on.entity';
import { toAddOnV1 } from '../add-on.mapper';
import { AddOnRepository } from '../add-on.repository';

const REQUIRED = ['name', 'code', 'amount_cents', 'amount_currency'] as const;

/** Creates, changes and deletes add-ons. The gateway validated the fields' shapes. */
@Injectable()
export class AddOnCommands {
  constructor(private readonly uow: UnitOfWork) {}

  create(request: RpcRequestV1<AddOnInputV1>): Promise<RpcReplyV1<AddOnV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const missing = REQUIRED.filter((key) => payload[key] === undefined || payload[key] === null);
      if (missing.length) return fail('validation_errors', Object.fromEntries(missing.map((key) => [key, ['value_is_mandatory']])));
      const addOns = new AddOnRepository(em);
      const code = payload.code as string;
      await addOns.lockCode(organization.id, code);
      if (await addOns.findLive(organization.id, code)) return fail('validation_errors', { code: ['value_already_exist'] });
      const now = new Date();
      const addOn = new AddOn();
      addOn.organizationId = organization.id;
      addOn.createdAt = now;
      addOn.apply(payload, now);
      if (payload.tax_codes && !(await setTaxes(em, addOn, organization.id, payload.tax_codes))) return fail('tax_not_found');
      addOns.add(addOn);
      await addOns.flush();
      return ok(toAddOnV1(addOn, organization));
    });
  }

  update(request: RpcRequestV1<UpdateAddOnV1>): Promise<RpcReplyV1<AddOnV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const addOns = new AddOnRepository(em);
      const newCode = payload.changes.code;
      for (const code of [...new Set([payload.code, newCode ?? payload.code])].sort()) await addOns.lockCode(organization.id, code);
      const addOn = await addOns.findLive(organization.id, payload.code);
      if (!addOn) return fail('add_on_not_found');
      if (newCode !== undefined && newCode !== addOn.code && (await addOns.findLive(organization.id, newCode))) {
        return fail('validation_errors', { code: ['value_already_exist'] });
      }
      addOn.apply(payload.changes, new Date());
      if (payload.changes.tax_codes && !(await setTaxes(em, addOn, organization.id, payload.changes.tax_codes))) return fail('tax_not_found');
      await addOns.flush();
      return ok(toAddOnV1(addOn, organization));
    });
  }

  /** Soft-deletes the add-on; its code becomes free. Invoices already issued keep their fees. */
  delete(request: RpcRequestV1<AddOnCodeV1>): Promise<RpcReplyV1<AddOnV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const addOns = new AddOnRepository(em);
      await addOns.lockCode(organization.id, payload.code);
      const addOn = await addOns.findLive(organization.id, payload.code);
      if (!addOn) return fail('add_on_not_found');
      addOn.deletedAt = new Date();
      addOn.updatedAt = addOn.deletedAt;
      await addOns.flush();
      return ok(toAddOnV1(addOn, organization));
    });
  }
}

/** Replaces the add-on's taxes with the live taxes of these codes; false when any code is unknown. */
async function setTaxes(em: EntityManager, addOn: AddOn, organizationId: string, codes: string[]): Promise<boolean> {
  const unique = [...new Set(codes)];
  const taxes = unique.length ? await new TaxRepository(em).findLiveByCodes(organizationId, unique) : [];
  if (taxes.length !== unique.length) return false;
  addOn.taxes.set(taxes);
  return true;
}

import { BadRequestException, Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { patientIdentity } from '@kerma/contracts';
import { actorOf, AllowRoles, ApiErrors, assertKnownQuery, CurrentPrincipal, GUARDED, type Principal, Audited, JSON_BODY_LIMIT } from '@kerma/platform';
import { PATIENT_LINK, PATIENT_LINKS } from '../api-schemas';
import { identitiesOf, PatientLinksService } from './patient-links.service';
import type { PatientLink } from './patient-link.entity';

const by = z.string().min(1).max(128).optional();
const reason = z.string().trim().min(1, 'say why').max(2000);
const LINK_BODY = z.object({ identities: z.tuple([patientIdentity.strict(), patientIdentity.strict()]), reason, by }).strict();
const UNLINK_BODY = z.object({ reason, by }).strict();

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The API shape of a link: the two identities, the link's audit and, once undone, the unlink's. */
export function linkView(l: PatientLink) {
  return {
    id: l.id,
    identities: identitiesOf(l),
    active: l.active,
    linked: { at: l.linkedAt, by: l.linkedBy, reason: l.linkReason, from: l.linkedFrom, published: l.linkPublishedAt !== null },
    unlinked:
      l.unlinkedAt === null
        ? null
        : { at: l.unlinkedAt, by: l.unlinkedBy, reason: l.unlinkReason, from: l.unlinkedFrom, published: l.unlinkPublishedAt !== null },
  };
}

const NOT_FOUND = 'No such link, or a link naming a site outside your scope';

/**
 * Patient links: a site administrator states that two identities (site, issuer, patient id) are one
 * person, or undoes it. Dose history, cumulative skin dose, dose summary and the study list by patient
 * then count the linked identities' studies as one patient's (each study once); notification's
 * cumulative rules follow through kerma.patient-link.v1.
 */
@ApiTags('patients')
@Controller('api/v1/patient-links')
export class PatientLinksController {
  constructor(private readonly links: PatientLinksService) {}

  @Get()
  @Audited('read-patient')
  @ApiOkResponse({ description: 'Links whose two identities are of your sites, newest first, active and undone', schema: PATIENT_LINKS })
  @ApiErrors({ ...GUARDED, 400: 'An unknown or repeated parameter' })
  @ApiOperation({ summary: 'Patient links and their audit (who, when, why, from where), optionally of one patient id' })
  @ApiQuery({ name: 'patientId', required: false, description: 'Links naming this patient id on either side' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    assertKnownQuery(query, ['patientId']);
    const patientId = query.patientId;
    if (patientId !== undefined && (typeof patientId !== 'string' || patientId.length === 0 || patientId.length > 64))
      throw new BadRequestException('patientId must be given once, 1–64 characters');
    return { links: (await this.links.list(principal, (patientId as string | undefined) ?? null)).map(linkView) };
  }

  @Get(':linkId')
  @Audited('read-patient')
  @ApiOkResponse({ description: 'The link and its audit', schema: PATIENT_LINK })
  @ApiErrors({ ...GUARDED, 404: NOT_FOUND })
  @ApiOperation({ summary: 'One patient link and its audit' })
  async get(@CurrentPrincipal() principal: Principal, @Param('linkId') linkId: string) {
    return linkView(await this.links.visible(principal, linkId));
  }

  @Post()
  @Audited('change')
  @AllowRoles('site-admin')
  @ApiCreatedResponse({
    description: 'The link, recorded and announced (published: false when the broker was unreachable; a relay retries)',
    schema: PATIENT_LINK,
  })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'The body is invalid (the message names the field), the two identities are the same, or `by` is missing with authentication off or given next to a token',
    403: 'Needs the site-admin role, and both identities at sites of your scope',
    404: 'No study of one of the identities at its site',
    409: 'These two identities are already linked',
  })
  @ApiOperation({ summary: 'State that two patient identities (site, issuer, patient id) are one person (site-admin of both sites)' })
  async link(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Ip() from: string) {
    const b = parse(LINK_BODY, body);
    const [x, y] = b.identities;
    if (x.site === y.site && x.issuer === y.issuer && x.patientId === y.patientId) throw new BadRequestException('identities: the two identities must differ');
    const actor = actorOf(principal, b.by);
    return linkView(await this.links.link(principal, b.identities, { by: actor, reason: b.reason, from: from ?? null }));
  }

  @Post(':linkId\\:unlink')
  @Audited('change')
  @HttpCode(200)
  @AllowRoles('site-admin')
  @ApiOkResponse({ description: 'The link, undone, with both audits', schema: PATIENT_LINK })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'The body is invalid, or `by` is missing with authentication off or given next to a token',
    403: 'Needs the site-admin role',
    404: NOT_FOUND,
    409: 'The link was already undone',
  })
  @ApiOperation({ summary: 'Undo a link: the identities count as separate patients again (alerts already raised stay)' })
  async unlink(@CurrentPrincipal() principal: Principal, @Param('linkId') linkId: string, @Body() body: unknown, @Ip() from: string) {
    const b = parse(UNLINK_BODY, body);
    const actor = actorOf(principal, b.by);
    return linkView(await this.links.unlink(principal, linkId, { by: actor, reason: b.reason, from: from ?? null }));
  }
}

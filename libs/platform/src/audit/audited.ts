import {
  applyDecorators,
  HttpException,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Observable, from, lastValueFrom } from 'rxjs';
import type { AuditAction } from '@kerma/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { LOCAL_PRINCIPAL, type Principal } from '../auth/roles';
import { AuditTrail } from './audit-trail';

const AUDIT_ACTION_KEY = 'kerma:audit-action';

/** What a handler found out about the patient data it served or changed. */
interface AuditNotes {
  readonly patientKeys: Set<string>;
  readonly studyInstanceUids: Set<string>;
  readonly sites: Set<string>;
}

const notes = new AsyncLocalStorage<AuditNotes>();

/**
 * Records every call of a route in the audit trail: who, role, action, route, patient keys, studies,
 * client address and outcome. One line on a handler or controller:
 *
 *     @Audited('read-patient')   // or 'read-study', 'read-alert', 'change', 'read-audit'
 *
 * The study comes from a `studyInstanceUid` route parameter; the handler (or any code it calls) adds
 * the patient keys, studies and sites it touched with `noteAudited(...)`. The module of the controller
 * must provide the service's AuditTrail (`serviceSecurity(...)` does).
 */
export function Audited(action: AuditAction): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(AUDIT_ACTION_KEY, action), UseInterceptors(AuditInterceptor));
}

/** Adds what the current audited request touched; outside an audited request it does nothing. */
export function noteAudited(touched: { patientKeys?: Iterable<string>; studyInstanceUids?: Iterable<string | null>; sites?: Iterable<string> }): void {
  const current = notes.getStore();
  if (!current) return;
  for (const key of touched.patientKeys ?? []) current.patientKeys.add(key);
  for (const uid of touched.studyInstanceUids ?? []) if (uid) current.studyInstanceUids.add(uid);
  for (const site of touched.sites ?? []) current.sites.add(site);
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly trail: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.getAllAndOverride<AuditAction>(AUDIT_ACTION_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const touched: AuditNotes = { patientKeys: new Set(), studyInstanceUids: new Set(), sites: new Set() };
    const uidParam = request.params?.studyInstanceUid;
    if (typeof uidParam === 'string') touched.studyInstanceUids.add(uidParam);
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    // Read now: a handler that stops reading a request body early (STOW-RS over its size limit) leaves no socket behind.
    const clientIp = request.ip ?? request.socket?.remoteAddress ?? null;
    const handled = new Observable<unknown>((subscriber) => notes.run(touched, () => next.handle().subscribe(subscriber)));
    // The record is written before the answer leaves: an unrecorded read of patient data is not served.
    return from(
      lastValueFrom(handled, { defaultValue: undefined }).then(
        async (value) => {
          await this.write(action, request, clientIp, touched, answeredStatus(context, successStatus));
          return value;
        },
        async (err: unknown) => {
          await this.write(action, request, clientIp, touched, err instanceof HttpException ? err.getStatus() : 500);
          throw err;
        },
      ),
    );
  }

  private async write(action: AuditAction, request: AuthenticatedRequest, clientIp: string | null, touched: AuditNotes, status: number): Promise<void> {
    const principal = request.principal ?? LOCAL_PRINCIPAL;
    const at = new Date().toISOString();
    await this.trail.record({
      eventId: randomUUID(),
      occurredAt: at,
      service: this.trail.service,
      subject: principal.subject,
      via: principal.via,
      keyId: principal.keyId ?? null,
      roles: [...principal.roles],
      action,
      method: request.method,
      route: routeOf(request),
      site: siteOf(request, principal, touched),
      patientKeys: [...touched.patientKeys],
      studyInstanceUids: [...touched.studyInstanceUids].filter((uid) => /^[0-9]+(\.[0-9]+)*$/.test(uid) && uid.length <= 64),
      clientIp,
      status,
      at,
    });
  }
}

/**
 * The status a handled request is answered with: Nest sets the route's status on the response before the
 * handler runs, so a handler that answers with another one (`@Res({ passthrough: true })`, e.g. STOW-RS's
 * 202 or 409 for refused objects) leaves it there.
 */
function answeredStatus(context: ExecutionContext, routeStatus: number): number {
  const status = context.switchToHttp().getResponse<{ statusCode?: unknown } | undefined>()?.statusCode;
  return typeof status === 'number' && status >= 100 ? status : routeStatus;
}

/** The route template, never the path itself (it may hold a patient id). */
function routeOf(request: AuthenticatedRequest): string {
  const template = (request.route as { path?: string } | undefined)?.path;
  return typeof template === 'string' ? template : '(unknown route)';
}

/** The site the data belonged to when one is known, else the one asked for, else the caller's only site. */
function siteOf(request: AuthenticatedRequest, principal: Principal, touched: AuditNotes): string | null {
  if (touched.sites.size === 1) return [...touched.sites][0];
  const asked = (request.query as Record<string, unknown> | undefined)?.site ?? (request.body as Record<string, unknown> | undefined)?.site;
  if (typeof asked === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(asked)) return asked;
  return principal.sites !== 'all' && principal.sites.length === 1 ? principal.sites[0] : null;
}

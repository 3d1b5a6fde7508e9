import { Injectable, type CallHandler, type ExecutionContext, type INestApplication, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { KermaMetrics } from './kerma-metrics';

/** Set on the request by the interceptor once a controller took it: the service that owns that controller. */
const SERVICE_OF_REQUEST = Symbol('kerma-service');
type LabelledRequest = Request & { [SERVICE_OF_REQUEST]?: string };

/**
 * Counts and times every HTTP request when its response is finished, labelled with the route
 * template (`/api/v1/studies/:studyInstanceUid`, never the path itself: paths carry patient ids),
 * the method and the status. A request no route matched is `(unmatched)`. Requests refused before a
 * controller ran (by the auth guard) carry the process's service.
 */
export function recordHttpMetrics(app: INestApplication, metrics: KermaMetrics, serviceOfController: ReadonlyMap<Function, string> = new Map()): void {
  app.use((req: LabelledRequest, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req as Request & { route?: { path?: unknown } }).route?.path;
      metrics.httpRequest(
        req[SERVICE_OF_REQUEST] ?? metrics.service,
        typeof route === 'string' ? route : '(unmatched)',
        req.method,
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  });
  if (serviceOfController.size > 0) app.useGlobalInterceptors(new ServiceOfRouteInterceptor(serviceOfController));
}

/** In the single process, labels a request with the service whose controller handles it. */
@Injectable()
class ServiceOfRouteInterceptor implements NestInterceptor {
  constructor(private readonly serviceOfController: ReadonlyMap<Function, string>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const service = this.serviceOfController.get(context.getClass());
    if (service && context.getType() === 'http') context.switchToHttp().getRequest<LabelledRequest>()[SERVICE_OF_REQUEST] = service;
    return next.handle();
  }
}

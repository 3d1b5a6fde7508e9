import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns unknown errors into "Internal server error"; the delivery
 * policy needs the original error (its class and message) to decide between retry and dead letter.
 */
@Catch()
export class RethrowRpcErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

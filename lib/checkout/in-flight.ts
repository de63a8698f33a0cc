import type { Services } from '@/lib/services';

/**
 * A run's service calls that are still in progress. A model that stops (error, step limit, time
 * budget) does not stop a tool it started: a call held by a latency fault can still reserve or
 * capture after the run's loop returned. Settlement waits for these first, so it sees what they did.
 */
export interface TrackedServices {
  services: Services;
  /** Resolves once no call is in progress (calls started meanwhile are waited for too). */
  idle(): Promise<void>;
}

export function trackServiceCalls(services: Services): TrackedServices {
  const pending = new Set<Promise<unknown>>();
  const track = (call: Promise<unknown>) => {
    pending.add(call);
    const done = () => pending.delete(call);
    call.then(done, done);
  };
  // A Proxy keeps each service's exact type; every method that returns a promise is counted.
  const wrap = <T extends object>(service: T): T =>
    new Proxy(service, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = Reflect.apply(value, target, args);
          if (result instanceof Promise) track(result);
          return result;
        };
      },
    });
  return {
    services: {
      inventory: wrap(services.inventory),
      payment: wrap(services.payment),
      shipping: wrap(services.shipping),
      notification: wrap(services.notification),
      customer: wrap(services.customer),
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
